""""A coach has been assigned": supervisors and the new coach, not the acting user."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import override_settings

from demo_project.users.models import Message
from lino_coachings.models import Coaching
from lino_coachings.notify import coach_assigned
from lino_core_model.api import rt

pytestmark = pytest.mark.django_db


def _recipients(**filters):
    return sorted(Message.objects.filter(**filters).values_list("user__username", flat=True))


def _new(client, coach, actor=None):
    c = Coaching(client=client, user=coach, start_date=datetime.date(2024, 6, 1))
    c.acting_user = actor
    c.save()
    return c


def test_supervisor_and_coach_notified_not_the_acting_user(client_135, users):
    Message.objects.all().delete()
    _new(client_135, users["rolf"], actor=users["nelly"])  # nelly is a supervisor
    assert _recipients() == ["rolf"]
    assert Message.objects.get().subject == (
        "nelly assigned rolf as coach of ARSHUN Aloyoshenká (135/romain).")


def test_a_coach_assigning_himself_notifies_the_supervisors(client_135, users):
    Message.objects.all().delete()
    _new(client_135, users["rolf"], actor=users["rolf"])
    assert _recipients() == ["nelly"]


def test_changing_the_coach_notifies_other_changes_do_not(client_135, users):
    coaching = _new(client_135, users["rolf"], actor=users["robin"])
    Message.objects.all().delete()
    coaching = Coaching.objects.get(pk=coaching.pk)
    coaching.end_date = datetime.date(2024, 7, 1)
    coaching.save()
    assert _recipients() == []
    coaching.user = users["nathalie"]
    coaching.save()
    assert _recipients() == ["nathalie", "nelly"]
    assert Message.objects.first().subject.startswith("nathalie has been assigned as coach")


def test_the_ui_save_knows_the_acting_user(client_135, users):
    Message.objects.all().delete()
    ar = rt.login("robin")
    coaching = Coaching(client=client_135, start_date=datetime.date(2024, 6, 1))
    coaching.on_create(ar)  # robin coaches
    coaching.save_new_instance(ar)
    assert _recipients() == ["nelly"]


def test_the_signal_carries_the_recipients(client_135, users):
    received = []

    def receiver(sender, **kwargs):
        received.append(([u.username for u in kwargs["recipients"]], kwargs["actor"]))

    coach_assigned.connect(receiver)
    try:
        _new(client_135, users["nathalie"], actor=users["nelly"])
    finally:
        coach_assigned.disconnect(receiver)
    assert received == [(["nathalie"], users["nelly"])]


@override_settings(LINO_COACHINGS_NOTIFY_BY_EMAIL=True)
def test_email_after_commit(client_135, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _new(client_135, users["rolf"], actor=users["robin"])
    assert sorted(m.to[0] for m in mail.outbox) == ["nelly@example.com", "rolf@example.com"]


def test_no_email_by_default(client_135, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _new(client_135, users["rolf"], actor=users["robin"])
    assert mail.outbox == []
