"""The coachings tables: headers, filters, masters, permissions, queries per rendering."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from demo_project.avanti.models import Client
from lino_coachings.models import Coaching
from lino_core_model.api import rt
from lino_core_model.render import to_rst

pytestmark = pytest.mark.django_db

D = datetime.date


def _rows(table, user="robin", master=None, **params):
    ar = rt.login(user).spawn(table, master_instance=master, param_values=params)
    return list(ar.get_data_iterator())


def test_the_reference_headers():
    table = rt.models.coachings.CoachingsByClient
    assert [str(c.header) for c in table.get_columns()] == [
        "Coached from", "until", "Coach", "Primary", "Coaching type", "Reason of termination"]


def test_coach_filter_without_duplicates(users):
    table = rt.models.coachings.Coachings
    rows = _rows(table, coached_by=users["romain"], and_coached_by=users["rolf"])
    assert sorted(c.pk for c in rows) == [1, 2, 4, 8]
    assert len(rows) == len(set(rows))


def test_period_and_event_filters():
    table = rt.models.coachings.Coachings
    june = dict(start_date=D(2024, 6, 1), end_date=D(2024, 6, 30))
    assert [c.pk for c in _rows(table, **june)] == [2, 3, 5, 6, 8]
    assert [c.pk for c in _rows(table, **june, observed_event="ended")] == [5]
    assert [c.pk for c in _rows(table, start_date=D(2024, 5, 1), end_date=D(2024, 5, 31),
                                observed_event="started")] == [8]


def test_primary_type_and_ending_filters():
    table = rt.models.coachings.Coachings
    assert [c.pk for c in _rows(table, primary_coachings=False)] == [1, 3, 8]
    assert [c.pk for c in _rows(table, coaching_type=1)] == [3, 5, 7]
    assert [c.pk for c in _rows(table, ending=1)] == [1, 4, 7]


def test_my_coachings_are_mine_and_active_today():
    assert [c.pk for c in _rows(rt.models.coachings.MyCoachings, "rolf")] == [2, 8]
    assert _rows(rt.models.coachings.MyCoachings, "robin") == []


def test_slave_tables(users):
    assert [c.pk for c in _rows(rt.models.coachings.CoachingsByUser, master=users["romain"])
            ] == [1, 4]
    assert [c.pk for c in _rows(rt.models.coachings.CoachingsByEnding, master=1)] == [1, 4, 7]


def test_who_may_see_which_table():
    coachings = rt.models.coachings
    assert coachings.Coachings.get_view_permission(rt.login("nelly").user)  # staff group
    assert not coachings.Coachings.get_view_permission(rt.login("rolf").user)
    assert coachings.CoachingsByUser.get_view_permission(rt.login("rolf").user)  # coach
    assert coachings.CoachingsByClient.get_view_permission(rt.login("rolf").user)
    assert not coachings.CoachingTypes.get_view_permission(rt.login("rolf").user)
    with pytest.raises(PermissionDenied):
        rt.login("rolf").show(coachings.Coachings)


def test_no_per_row_queries(django_assert_max_num_queries):
    client = Client.objects.get(pk=120)
    ar = rt.login("robin").spawn(rt.models.coachings.CoachingsByClient, master_instance=client)
    with django_assert_max_num_queries(1):
        to_rst(ar.table, ar)
    Coaching.objects.bulk_create([Coaching(client=client, user_id=4, start_date=D(2024, 7, d))
                                  for d in range(1, 10)])
    with django_assert_max_num_queries(1):
        to_rst(ar.table, ar)
