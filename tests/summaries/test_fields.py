"""Summary fields of the demo's Client (declarative aggregates) and the instance/class API."""

from __future__ import annotations

import datetime

import pytest

from demo_project.avanti.models import Client
from demo_project.contracts.models import Contract
from lino_summaries.registry import get_summary_models

pytestmark = pytest.mark.django_db

D = datetime.date


def test_demo_values_are_computed():
    values = dict(Client.objects.values_list("pk", "active_from").order_by("pk"))
    assert values == {120: D(2024, 3, 4), 135: D(2024, 4, 15), 145: D(2023, 1, 9),
                      159: D(2024, 3, 11), 165: None}
    assert Client.objects.get(pk=159).active_until == D(2025, 6, 30)


def test_new_contract_is_seen_only_after_compute_on_the_class():
    Contract.objects.create(client_id=165, start_date=D(2025, 2, 1), end_date=D(2025, 3, 1))
    assert Client.objects.get(pk=165).active_from is None
    Client.compute_summary_values()
    client = Client.objects.get(pk=165)
    assert (client.active_from, client.active_until) == (D(2025, 2, 1), D(2025, 3, 1))


def test_compute_on_an_instance_updates_that_row_only():
    Contract.objects.create(client_id=165, start_date=D(2025, 2, 1))
    Contract.objects.create(client_id=135, start_date=D(2020, 1, 1))
    client = Client.objects.get(pk=165)
    client.compute_summary_values()
    assert client.active_from == D(2025, 2, 1)
    assert Client.objects.get(pk=165).active_from == D(2025, 2, 1)
    assert Client.objects.get(pk=135).active_from == D(2024, 4, 15)


def test_update_for_filter_selects_masters():
    Contract.objects.create(client_id=165, start_date=D(2025, 2, 1))
    Contract.objects.create(client_id=135, start_date=D(2020, 1, 1))
    Client.update_for_filter(pk=135)
    assert Client.objects.get(pk=135).active_from == D(2020, 1, 1)
    assert Client.objects.get(pk=165).active_from is None


def test_get_summary_models():
    from django.contrib.auth import get_user_model

    from demo_project.contracts.models import UserStat

    assert get_summary_models() == {Client: [Client], get_user_model(): [UserStat]}


def test_masters_get_the_check_summaries_action():
    from django.contrib.auth import get_user_model

    action = get_user_model().check_summaries
    assert action.action_name == "check_summaries"
    assert action.button_text == "\u03a3"
    assert Client.check_summaries.summary_models == [Client]
