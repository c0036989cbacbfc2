"""Observable client events: the period includes both days, for datetimes and dates."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from demo_project.avanti.models import Client
from demo_project.notes.models import Note
from lino_clients.choicelists import ClientEvents

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2024, 6, 30)
JULY_1 = datetime.date(2024, 7, 1)


def ids(qs) -> list[int]:
    return sorted(qs.values_list("pk", flat=True))


@pytest.fixture
def late_client():
    client = Client.objects.create(first_name="Ann", last_name="Late")
    stamp = timezone.make_aware(datetime.datetime(2024, 6, 30, 23, 59))
    Client.objects.filter(pk=client.pk).update(created=stamp, modified=stamp)
    return client


@pytest.mark.parametrize("event", ["created", "modified"])
def test_a_row_of_the_last_day_of_the_period_is_selected(late_client, event):
    add_filter = ClientEvents.get_by_value(event).add_filter
    assert late_client.pk in ids(add_filter(Client.objects.all(), JUNE_30, JUNE_30))
    assert late_client.pk in ids(add_filter(Client.objects.all(), None, JUNE_30))
    assert late_client.pk not in ids(add_filter(Client.objects.all(), JULY_1, None))
    june_29 = datetime.date(2024, 6, 29)
    assert late_client.pk not in ids(add_filter(Client.objects.all(), None, june_29))


def test_the_end_date_follows_the_current_time_zone(late_client, settings):
    settings.TIME_ZONE = "Europe/Brussels"  # 23:59 UTC is 01:59 on July 1st there
    with timezone.override("Europe/Brussels"):
        add_filter = ClientEvents.created.add_filter
        assert late_client.pk not in ids(add_filter(Client.objects.all(), None, JUNE_30))
        assert late_client.pk in ids(add_filter(Client.objects.all(), JULY_1, JULY_1))


def test_note_event_includes_both_days():
    Note.objects.create(partner_id=145, date=JUNE_30, subject="Late")
    add_filter = ClientEvents.note.add_filter
    assert ids(add_filter(Client.objects.all(), JUNE_30, JUNE_30)) == [145]
    assert ids(add_filter(Client.objects.all(), JULY_1, None)) == []
    assert ids(add_filter(Client.objects.all(), datetime.date(2024, 4, 10),
                          datetime.date(2024, 4, 12))) == [135, 159]


def test_note_event_ignores_notes_of_other_partners():
    Note.objects.create(partner_id=201, date=JUNE_30, subject="Not a client")
    assert ids(ClientEvents.note.add_filter(Client.objects.all(), JUNE_30, JUNE_30)) == []


def test_note_event_follows_the_settings(settings):
    Note.objects.create(partner_id=145, date=JUNE_30, subject="Late")
    settings.LINO_CLIENTS_NOTE_DATE_FIELD = "created"  # no such field: proves it is read
    with pytest.raises(FieldDoesNotExist, match="created"):
        ClientEvents.note.add_filter(Client.objects.all(), JUNE_30, JUNE_30)
