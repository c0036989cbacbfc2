"""The Coachable client: coachings by period, primary coach, coached_by, auto events."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.db import connection

from demo_project.avanti.models import Client
from demo_project.cal.models import Event
from lino_clients.choicelists import ClientEvents
from lino_coachings.models import Coaching

from .conftest import primary_constraint_replaced

pytestmark = pytest.mark.django_db

D = datetime.date


def test_get_coachings_overlap_semantics(db):
    client = Client.objects.get(pk=120)  # 2023-01-02..2023-12-31, 2024-01-01.., 2024-03-01..
    assert client.get_coachings((D(2023, 12, 31), D(2023, 12, 31))).count() == 1
    assert client.get_coachings((D(2024, 1, 1), D(2024, 2, 1))).count() == 1
    assert client.get_coachings((None, D(2023, 6, 1))).count() == 1
    assert client.get_coachings((D(2024, 2, 1), None)).count() == 2
    assert client.get_coachings((None, None)).count() == 3
    assert client.get_coachings(None, user__username="rolf").count() == 1


def test_unsaved_client_has_no_coachings_and_no_primary_coach(db):
    client = Client(first_name="New", last_name="Client")
    assert client.get_coachings().count() == 0
    assert client.get_primary_coaching() is None
    assert client.get_primary_coach() is None


def test_primary_coach_for_0_and_1_primaries(users):
    client = Client.objects.get(pk=120)
    assert client.get_primary_coach() == users["rolf"]
    Coaching.objects.filter(client=client).update(primary=False)
    assert client.get_primary_coach() is None


def test_virtual_fields_without_per_row_queries(django_assert_num_queries):
    with django_assert_num_queries(3):  # clients, primary coachings, active coachings
        rows = [(c.pk, str(c.primary_coach), c.coaches)
                for c in Client.get_user_queryset(None).order_by("pk")]
    assert rows[0] == (120, "rolf", "rolf, nathalie")
    assert rows[1] == (135, "romain", "")


def test_get_clients_coached_by_without_duplicates(users):
    """Two primary coachings by romain (as a legacy import may leave them): one row."""
    client = Client.objects.get(pk=135)
    with contextlib.ExitStack() as stack:
        if connection.features.supports_partial_indexes:
            stack.enter_context(primary_constraint_replaced(None))
        Coaching.objects.bulk_create([Coaching(client=client, user=users["romain"],
                                               primary=True, start_date=D(2024, 6, 1))])
        assert list(Client.get_clients_coached_by(users["romain"])) == [client]
        assert list(Client.get_clients_coached_by(users["rolf"])) == [Client.objects.get(
            pk=120)]


def test_coached_by_filter_without_duplicates(users):
    client = Client.objects.get(pk=120)
    Coaching.objects.create(client=client, user=users["romain"], start_date=D(2024, 6, 1))
    assert client.coachings_by_client.filter(user=users["romain"]).count() == 2
    qs = Client.add_param_filter(Client.objects.all(), coached_by=users["romain"])
    assert sorted(qs.values_list("pk", flat=True)) == [120, 135]


def test_the_coaching_event(db):
    def ids(start, end):
        qs = ClientEvents.active.add_filter(Client.objects.all(), start, end)
        return sorted(qs.values_list("pk", flat=True))

    assert ids(D(2024, 3, 7), D(2024, 3, 7)) == [120, 135, 145, 159]
    assert ids(D(2024, 7, 1), None) == [120, 159]
    Coaching.objects.filter(client_id=165).delete()
    assert ids(None, None) == [120, 135, 145, 159]  # not every client: only the coached


def test_setup_auto_event_gives_the_event_to_the_integration_coach(users):
    client = Client.objects.get(pk=120)
    evt = Event(user=users["romain"], client=client, start_date=D(2024, 2, 1))
    client.setup_auto_event(evt)
    assert evt.user == users["rolf"]  # romain's coaching ended, rolf's (integration) is active
    evt = Event(user=users["romain"], client=client, start_date=D(2023, 6, 1))
    client.setup_auto_event(evt)
    assert evt.user == users["romain"]  # romain still coached then
    evt = Event(user=users["nathalie"], client=client, start_date=D(2024, 6, 1))
    client.setup_auto_event(evt)
    assert evt.user == users["rolf"]  # nathalie's coaching is no integration work


def test_setup_auto_event_keeps_the_user_when_two_coaches_are_responsible(users):
    client = Client.objects.get(pk=120)
    Coaching.objects.create(client=client, user=users["nelly"], type_id=2,
                            start_date=D(2024, 1, 1))
    evt = Event(user=users["robin"], client=client, start_date=D(2024, 6, 1))
    client.setup_auto_event(evt)
    assert evt.user == users["robin"]


def test_demo_evaluations_of_a_contract_by_a_non_coach(users):
    events = Event.objects.filter(contract_id=6)
    assert events.count() == 3
    assert set(events.values_list("user__username", flat=True)) == {"nathalie"}
