"""A summary computed on a row saves only its summary fields (issue 18, lost update)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model

from demo_project.avanti.models import Client
from demo_project.contracts.models import Contract, UserStat
from demo_project.notes.models import Note
from lino_clients.choicelists import ClientStates

pytestmark = pytest.mark.django_db


def test_a_row_loaded_earlier_keeps_fields_written_meanwhile():
    """Another writer changed the state and the name after the row was loaded."""
    client = Client.objects.create(first_name="Stale", last_name="Row")
    Contract.objects.create(client=client, start_date=datetime.date(2024, 3, 1))
    Client.objects.filter(pk=client.pk).update(
        first_name="Fresh", client_state=ClientStates.refused.value
    )
    client.compute_summary_values()
    row = Client.objects.get(pk=client.pk)
    assert (row.first_name, row.client_state) == ("Fresh", ClientStates.refused)
    assert row.active_from == datetime.date(2024, 3, 1)


def test_collectors_save_only_what_they_computed(monkeypatch):
    """The collector path: the field no collector sets keeps the value written meanwhile."""
    user = get_user_model().objects.create(username="collected")
    Note.objects.create(partner_id=201, user=user, date=datetime.date(2024, 5, 2), subject="x")

    def collectors(self):
        def collect(note):
            self.notes += 1

        yield collect, self.add_date_filter(Note.objects.filter(user=self.master), "date")

    monkeypatch.setattr(UserStat, "summary_aggregates", {})
    monkeypatch.setattr(UserStat, "reset_summary_data", lambda self: setattr(self, "notes", 0))
    monkeypatch.setattr(UserStat, "get_summary_collectors", collectors)
    stat = UserStat.objects.create(master=user, year=2024, month=5)
    UserStat.objects.filter(pk=stat.pk).update(contracts=7)
    stat.compute_summary_values()
    assert UserStat.objects.values_list("notes", "contracts").get(pk=stat.pk) == (1, 7)
