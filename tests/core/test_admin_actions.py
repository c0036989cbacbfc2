"""Duplicate and merge as admin actions; merge only after its confirmation page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.utils.html import escape

from demo_project.contacts.models import Company, Person, Role
from demo_project.users.models import User

pytestmark = pytest.mark.django_db

PERSONS = "/admin/contacts/person/"


def _merge(client, selected, follow=False, **data):
    return client.post(PERSONS, {"action": "merge_selected", "_selected_action": selected,
                                 **data}, follow=follow)


def test_duplicate_action_copies_with_slaves(robin):
    before = Company.objects.count()
    roles = Role.objects.filter(company_id=100).count()
    response = robin.post("/admin/contacts/company/",
                          {"action": "duplicate_selected", "_selected_action": ["100"]},
                          follow=True)
    assert "Duplicated Rumma &amp; Ko OÜ to" in response.content.decode()
    copy = Company.objects.order_by("-pk").first()
    assert Company.objects.count() == before + 1
    assert Role.objects.filter(company=copy).count() == roles


def test_merge_shows_the_plan_before_merging(robin):
    response = _merge(robin, ["203", "220"], source="203", target="220")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to merge ARENS Andreas into HILGERS Henri?" in content
    assert "1 Contact person (person)" in content
    assert Person.objects.filter(pk=203).exists()
    response = _merge(robin, ["203", "220"], source="203", target="220", confirm="yes")
    assert response.status_code == 302
    assert not Person.objects.filter(pk=203).exists()
    assert Role.objects.filter(person_id=220).exists()


def test_merge_target_chooser_for_one_selected_row(robin):
    content = _merge(robin, ["203"]).content.decode()
    assert 'name="target" id="merge-target" value=""' in content
    content = _merge(robin, ["203"], source="203", target="220").content.decode()
    assert "will get reassigned" in content


def test_merge_into_itself_is_a_message(robin):
    response = _merge(robin, ["203", "220"], source="203", target="203", follow=True)
    assert "Cannot merge an instance to itself." in response.content.decode()


def test_merge_refused_without_delete_permission(client):
    user = User.objects.create_user("clerk", password="1234", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label="contacts", codename__in=["view_person", "change_person"]))
    client.login(username="clerk", password="1234")
    _merge(client, ["203", "220"], source="203", target="220", confirm="yes")
    assert Person.objects.filter(pk=203).exists()


def test_merge_refused_without_the_expert_role(robin, monkeypatch):
    from lino_core_model.roles import SiteUser

    monkeypatch.setattr(User, "get_user_roles", lambda self: (SiteUser,), raising=False)
    assert "merge_selected" not in robin.get(PERSONS).content.decode()  # not offered
    response = _merge(robin, ["203", "220"], source="203", target="220", confirm="yes",
                      follow=True)
    assert "No action selected." in response.content.decode()
    assert Person.objects.filter(pk=203).exists()


CLIENTS = "/admin/avanti/client/"


def _merge_clients(client, follow=False, **data):
    return client.post(CLIENTS, {"action": "merge_selected", "_selected_action": ["120", "159"],
                                 "source": "120", "target": "159", **data}, follow=follow)


def test_merge_page_names_every_row_and_offers_the_choices(robin):
    from demo_project.contracts.models import Contract

    content = _merge_clients(robin).content.decode()
    for contract in Contract.objects.filter(client_id=120):
        assert f"<li>{escape(str(contract))}</li>" in content
    assert 'name="delete" value="contracts.Contract.client"' in content
    assert 'name="delete" value="notes.Note.partner"' not in content  # protecting, not volatile
    assert 'name="reason"' in content
    content = _merge_clients(robin, delete=["contracts.Contract.client"]).content.decode()
    assert re.search(r'value="contracts.Contract.client" id="merge-delete-\d+" checked', content)
    assert "2 Contracts (client), 6 Calendar entries (contract) will be deleted." in content


def test_merge_confirmed_with_deleted_volatiles_and_a_reason(robin):
    from django.contrib.admin.models import CHANGE, DELETION, LogEntry

    from demo_project.avanti.models import Client
    from demo_project.contracts.models import Contract

    contracts = list(Contract.objects.filter(client_id=120).values_list("pk", flat=True))
    response = _merge_clients(robin, follow=True, confirm="yes", reason="Registered twice",
                              delete=["contracts.Contract.client"])
    assert "Deleted 8 related rows." in response.content.decode()
    assert not Client.objects.filter(pk=120).exists()
    assert not Contract.objects.filter(pk__in=contracts).exists()
    deleted = LogEntry.objects.get(action_flag=DELETION, object_id="120")
    assert deleted.change_message.endswith("Reason: Registered twice")
    changed = LogEntry.objects.get(action_flag=CHANGE, object_id="159")
    assert changed.change_message.endswith("Reason: Registered twice")


def test_merge_with_an_unknown_choice_is_a_message(robin):
    from demo_project.avanti.models import Client

    response = _merge_clients(robin, follow=True, confirm="yes", delete=["auth.User.x"])
    assert "not a reference whose rows a merge may delete" in response.content.decode()
    assert Client.objects.filter(pk=120).exists()


def test_deleting_volatiles_needs_their_delete_permission(client, monkeypatch):
    """A user who may merge clients but not delete contracts is not offered their deletion."""
    from demo_project.avanti.models import Client
    from demo_project.contracts.models import Contract
    from lino_core_model.roles import Expert

    monkeypatch.setattr(User, "get_user_roles", lambda self: (Expert,), raising=False)
    user = User.objects.create_user("merger", password="1234", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label="avanti", codename__in=["view_client", "delete_client"]))
    client.login(username="merger", password="1234")
    content = _merge_clients(client).content.decode()
    assert "will get reassigned" in content
    assert 'value="contracts.Contract.client"' not in content
    for contract in Contract.objects.filter(client_id=120):  # no view permission: a count
        assert escape(str(contract)) not in content
    response = _merge_clients(client, follow=True, confirm="yes",
                              delete=["contracts.Contract.client"])
    assert "You have no permission to delete Contracts." in response.content.decode()
    assert Client.objects.filter(pk=120).exists()
    assert Contract.objects.filter(client_id=120).count() == 2
