"""The admin's delete pages show our veto message and delete nothing."""

from __future__ import annotations

import pytest

from demo_project.contacts.models import Partner, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def robin(client):
    client.login(username="robin", password="1234")
    return client


def test_delete_page_of_protected_row_shows_veto(robin):
    url = "/admin/contacts/person/203/delete/"
    response = robin.get(url)
    assert response.status_code == 200
    assert "Cannot delete ARENS Andreas because 1 Contact person refers to it." in (
        response.content.decode()
    )
    response = robin.post(url, {"post": "yes"})
    assert Person.objects.filter(pk=203).exists()


def test_delete_selected_action_refuses_protected_rows(robin):
    response = robin.post(
        "/admin/contacts/person/",
        {"action": "delete_selected", "_selected_action": ["203", "220"], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Cannot delete ARENS Andreas because" in response.content.decode()
    assert Partner.objects.filter(pk__in=[203, 220]).count() == 2


def test_delete_page_of_free_row_deletes(robin):
    free = Person.objects.create(first_name="Free", last_name="Man")
    response = robin.post(f"/admin/contacts/person/{free.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=free.pk).exists()
