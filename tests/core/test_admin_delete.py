"""Admin delete: a veto is an error message (no page of protected objects), cascades are counted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo_project.contacts.models import Company, Partner, Person, Role

pytestmark = pytest.mark.django_db


def test_delete_page_of_protected_row_redirects_with_the_veto(robin):
    url = "/admin/contacts/person/203/delete/"
    response = robin.get(url)
    assert response.status_code == 302
    assert response.url == "/admin/contacts/person/203/change/"
    content = robin.get(response.url).content.decode()
    assert "Cannot delete ARENS Andreas because 1 Contact person refers to it." in content
    robin.post(url, {"post": "yes"})
    assert Person.objects.filter(pk=203).exists()


def test_delete_selected_action_refuses_protected_rows(robin):
    response = robin.post(
        "/admin/contacts/person/",
        {"action": "delete_selected", "_selected_action": ["203", "220"], "post": "yes"},
        follow=True,
    )
    content = response.content.decode()
    assert "Cannot delete ARENS Andreas because" in content
    assert "protected related objects" not in content
    assert Partner.objects.filter(pk__in=[203, 220]).count() == 2


def test_delete_page_of_free_row_deletes(robin):
    free = Person.objects.create(first_name="Free", last_name="Man")
    response = robin.post(f"/admin/contacts/person/{free.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=free.pk).exists()


def test_confirmation_page_counts_the_cascade_without_loading_it(robin):
    company = Company.objects.create(name="Cascade Ltd")
    Role.objects.bulk_create(Role(company=company, person_id=pk) for pk in (201, 202, 203))
    with CaptureQueriesContext(connection) as queries:
        content = robin.get(f"/admin/contacts/company/{company.pk}/delete/").content.decode()
    assert "Contact persons: 3" in content
    role_table = Role._meta.db_table
    loads = [  # COUNTs, and the veto check of the cascaded rows (EXISTS), load no row
        q["sql"] for q in queries
        if role_table in q["sql"] and "COUNT" not in q["sql"]
        and not q["sql"].startswith("SELECT EXISTS (")
    ]
    assert loads == []
    robin.post(f"/admin/contacts/company/{company.pk}/delete/", {"post": "yes"})
    assert not Role.objects.filter(company_id=company.pk).exists()
