"""Duplicate and merge as admin actions; merge only after its confirmation page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from demo_project.contacts.models import Company, Person, Role
from demo_project.users.models import User

pytestmark = pytest.mark.django_db

PERSONS = "/admin/contacts/person/"


@pytest.fixture
def robin(client):
    client.login(username="robin", password="1234")
    return client


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
