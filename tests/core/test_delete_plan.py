"""One delete plan per delete (issue 23) on the demo: the policy holds through the base
manager and Django's ``UserManager``, rows deleted together do not veto (issue 22, N7),
and one admin delete checks once per request."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from demo_project.contacts.models import Company, Role
from demo_project.notes.models import Note
from lino_core_model.exceptions import DeleteVetoed

pytestmark = pytest.mark.django_db


def note(owner=None, **kwargs) -> Note:
    return Note.objects.create(
        partner=Company.objects.get(pk=100), owner=owner,
        date=datetime.date(2024, 5, 1), subject="About", **kwargs,
    )


def owned_by(row: Note, owner: Note) -> None:
    Note.objects.filter(pk=row.pk).update(
        owner_type=ContentType.objects.get_for_model(Note), owner_id=owner.pk)


def test_the_base_manager_keeps_the_gfk_veto():
    company = Company.objects.create(name="Owned Ltd")
    note(owner=company)
    with pytest.raises(DeleteVetoed, match="^Cannot delete Owned Ltd because 1 Note refers"):
        Company._base_manager.filter(pk=company.pk).delete()
    assert Company.objects.filter(pk=company.pk).exists()


def test_django_s_user_manager_keeps_the_gfk_veto():
    """``User.objects`` is Django's ``UserManager``: the receiver holds the policy."""
    user = get_user_model().objects.create_user("owned")
    note(owner=user)
    with pytest.raises(DeleteVetoed, match="^Cannot delete owned because 1 Note refers"):
        with transaction.atomic():
            get_user_model().objects.filter(pk=user.pk).delete()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_a_note_owned_by_itself_can_be_deleted():
    row = note()
    owned_by(row, row)
    row.refresh_from_db()
    assert row.disable_delete() is None
    row.delete()
    assert not Note.objects.filter(pk=row.pk).exists()


def test_notes_owning_each_other_go_together_and_not_alone():
    a, b = note(), note()
    owned_by(a, b)
    owned_by(b, a)
    with pytest.raises(DeleteVetoed, match="because 1 Note refers to it"):
        Note.objects.get(pk=a.pk).delete()
    with pytest.raises(DeleteVetoed, match="because 1 Note refers to it"):
        Note.objects.filter(pk=b.pk).delete()
    assert Note.objects.filter(pk__in=[a.pk, b.pk]).delete() == (2, {"notes.Note": 2})


def veto_checks(queries) -> list[str]:
    """The plan's check query: every question of a delete in one ``SELECT EXISTS (...)``."""
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT EXISTS (")]


def test_one_admin_delete_checks_once_per_request(robin):
    company = Company.objects.create(name="Checked Ltd")
    Role.objects.bulk_create(Role(company=company, person_id=pk) for pk in (201, 202))
    url = f"/admin/contacts/company/{company.pk}/delete/"
    with CaptureQueriesContext(connection) as page:
        assert "Contact persons: 2" in robin.get(url).content.decode()
    assert len(veto_checks(page.captured_queries)) == 1
    with CaptureQueriesContext(connection) as post:
        assert robin.post(url, {"post": "yes"}).status_code == 302
    assert len(veto_checks(post.captured_queries)) == 1
    assert not Company.objects.filter(pk=company.pk).exists()


def test_one_delete_selected_checks_once_per_request(robin):
    companies = [Company.objects.create(name=f"Selected {i}") for i in range(2)]
    data = {"action": "delete_selected", "_selected_action": [str(c.pk) for c in companies]}
    with CaptureQueriesContext(connection) as page:
        robin.post("/admin/contacts/company/", data)
    assert len(veto_checks(page.captured_queries)) == 1
    with CaptureQueriesContext(connection) as post:
        robin.post("/admin/contacts/company/", {**data, "post": "yes"})
    assert len(veto_checks(post.captured_queries)) == 1
    assert not Company.objects.filter(pk__in=[c.pk for c in companies]).exists()
