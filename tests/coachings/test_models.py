"""Coaching validation, defaults, text and the permission to change it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lino_coachings.models import Coaching, CoachingEnding, CoachingType
from lino_core_model.actions import Action
from lino_core_model.api import rt

pytestmark = pytest.mark.django_db


def test_period_ends_before_it_started(client_135, users):
    c = Coaching(client=client_135, user=users["rolf"], start_date=datetime.date(2024, 5, 1),
                 end_date=datetime.date(2024, 4, 1))
    with pytest.raises(ValidationError) as info:
        c.full_clean()
    assert info.value.messages == ["Date period ends before it started."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Coaching.objects.bulk_create([c])


def test_an_ending_of_another_type_is_refused(client_135, users):
    c = Coaching(client=client_135, user=users["rolf"], type_id=1,
                 ending=CoachingEnding.objects.get(name="Found a job"))
    with pytest.raises(ValidationError) as info:
        c.full_clean()
    assert info.value.message_dict == {
        "ending": ["Found a job is only for coachings of type Integration Service."]}
    c.type_id = 2
    c.full_clean()


def test_ending_choices(db):
    names = [e.name for e in Coaching.ending_choices(CoachingType.objects.get(pk=1))]
    assert names == ["Transfer to colleague", "End of right on social aid",
                     "Moved to another town"]


def test_the_coach_default_type(client_135, users):
    c = Coaching(client=client_135, user=users["rolf"])
    c.full_clean()
    assert c.type_id == 2 and c.start_date is not None
    c = Coaching(client=client_135, user=users["nelly"])  # nelly has no default type
    c.full_clean()
    assert c.type_id is None


def test_on_create_and_before_ui_save(client_135, users):
    ar = rt.login("nelly")
    c = Coaching(client=client_135, ending_id=1)
    c.on_create(ar)
    c.before_ui_save(ar, None)
    assert c.user == users["nelly"] and c.acting_user == users["nelly"]
    assert c.end_date is not None  # an ending ends the coaching


def test_str(db):
    assert str(Coaching.objects.get(pk=2)) == "rolf / Abdalla A"


class Edit(Action):
    readonly = False


def test_only_the_coach_or_staff_may_change_a_coaching(users):
    coaching = Coaching.objects.get(pk=2)  # rolf's
    edit, view = Edit(), Action()
    assert coaching.get_row_permission(rt.login("rolf"), None, edit)
    assert not coaching.get_row_permission(rt.login("romain"), None, edit)
    assert coaching.get_row_permission(rt.login("romain"), None, view)  # read-only
    assert coaching.get_row_permission(rt.login("nelly"), None, edit)  # coachings staff
    assert coaching.get_row_permission(rt.login("robin"), None, edit)  # superuser
    assert not coaching.get_row_permission(rt.login(None), None, edit)
    table = rt.models.coachings.CoachingsByClient
    assert not table.get_row_permission(coaching, rt.login("romain"), None, edit)
