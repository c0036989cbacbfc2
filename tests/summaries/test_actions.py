"""The actions CheckSummaries and UpdateSummariesByMaster, from code and from the admin."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from demo_project.avanti.models import Client
from demo_project.contracts.models import Contract, UserStat
from lino_core_model.api import rt
from lino_summaries.actions import check_all_summaries

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale():
    Contract.objects.create(client_id=165, start_date=datetime.date(2024, 2, 1))
    UserStat.objects.update(notes=99)


def test_check_all_summaries_is_for_staff(stale):
    get_user_model().objects.create(username="plain", is_staff=True)
    for username in ("plain", "rolf"):  # is_staff gives no role
        with pytest.raises(PermissionDenied):
            check_all_summaries.run_from_code(rt.login(username))
    assert UserStat.objects.filter(notes=99).count() == 60
    staff = get_user_model().objects.create(username="staff")
    staff.user_permissions.add(Permission.objects.get(codename="site_staff"))
    assert check_all_summaries.run_from_code(rt.login("staff")) == "Updated 2 summary models."
    assert not UserStat.objects.filter(notes=99).exists()
    assert Client.objects.get(pk=165).active_from == datetime.date(2024, 2, 1)


def test_update_summaries_by_master_updates_one_master(stale):
    rolf = get_user_model().objects.get(username="rolf")
    with pytest.raises(PermissionDenied):  # rolf may not change users, not even himself
        rolf.check_summaries.run_from_code(rt.login("rolf"), rolf)
    assert UserStat.objects.filter(notes=99).count() == 60
    rolf.check_summaries.run_from_code(rt.login("robin"), rolf)
    assert not UserStat.objects.filter(master=rolf, notes=99).exists()
    assert UserStat.objects.filter(notes=99).count() == 48
    client = Client.objects.get(pk=165)
    client.check_summaries.run_from_code(rt.login("rolf"), client)
    assert Client.objects.get(pk=165).active_from == datetime.date(2024, 2, 1)


def test_anonymous_may_not_update(stale):
    client = Client.objects.get(pk=165)
    with pytest.raises(PermissionDenied):
        client.check_summaries.run_from_code(rt.login(), client)


def test_admin_actions(client, stale):
    client.login(username="robin", password="1234")
    rolf = get_user_model().objects.get(username="rolf")
    response = client.post("/admin/users/user/", {
        "action": "update_summaries", "_selected_action": [str(rolf.pk)]}, follow=True)
    assert "Updated the summary data of rolf." in response.content.decode()
    assert UserStat.objects.filter(notes=99).count() == 48
    response = client.post("/admin/users/user/", {
        "action": "check_summaries", "_selected_action": [str(rolf.pk)]}, follow=True)
    assert "Updated 2 summary models." in response.content.decode()
    assert not UserStat.objects.filter(notes=99).exists()


def test_a_master_that_is_not_ours_gets_no_attribute(monkeypatch):
    """Our masters carry ``check_summaries`` (as in Lino); another app's model (here
    Django's Group, as if a summary had it as master) is left as it is."""
    from django.contrib.auth.models import Group

    from lino_summaries import actions, registry
    from lino_summaries.actions import master_action

    monkeypatch.setattr(actions, "_master_actions", {})
    monkeypatch.setattr(registry, "get_summary_models", lambda: {Group: [UserStat]})
    actions.install_master_actions()
    assert not hasattr(Group, "check_summaries")
    assert master_action(Group).master_model is Group
