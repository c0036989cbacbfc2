"""Duplicate copies the rows owned through a GFK listed in allow_cascaded_copy."""

from __future__ import annotations

import pytest

from demo_project.contacts.models import Person
from demo_project.notes.models import Note
from lino_core_model.options import lino_options

from .conftest import note_about

pytestmark = pytest.mark.django_db


def test_owned_notes_are_copied_when_listed(monkeypatch, person):
    note_about(person)
    monkeypatch.setattr(lino_options(Note), "cascaded_copy", frozenset({"owner"}))
    copy = person.duplicate()
    assert isinstance(copy, Person) and copy.pk != person.pk
    assert [n.subject for n in Note.owned_rows(copy)] == ["About"]
    assert [n.subject for n in Note.owned_rows(person)] == ["About"]


def test_owned_notes_are_not_copied_by_default(person):
    note_about(person)
    copy = person.duplicate()
    assert not Note.owned_rows(copy).exists()


# -- the admin's duplicate applies the form's owner rules (issue 22, N11) --------


def duplicate_in_admin(username: str, note: Note, row_action: bool = False):
    """``username`` duplicates ``note`` in the admin; the messages shown."""
    from django.test import Client as BrowserClient

    browser = BrowserClient()
    assert browser.login(username=username, password="1234")
    if row_action:
        url, data = f"/admin/notes/note/{note.pk}/action/duplicate_row/", {}
    else:
        url, data = "/admin/notes/note/", {"action": "duplicate_selected",
                                           "_selected_action": [note.pk]}
    response = browser.post(url, data, follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def owned_by_robin(db) -> Note:
    """A note owned by a user row (a superuser chose it): rolf may not view users."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    robin = get_user_model().objects.get(username="robin")
    note = Note.objects.get(subject="Visit at home")
    Note.objects.filter(pk=note.pk).update(
        owner_type=ContentType.objects.get_for_model(robin), owner_id=robin.pk
    )
    return Note.objects.get(pk=note.pk)


@pytest.mark.parametrize("row_action", [False, True])
def test_a_duplicate_refuses_an_owner_the_form_refuses(owned_by_robin, row_action, monkeypatch):
    from demo_project.notes.admin import NoteAdmin

    monkeypatch.setattr(NoteAdmin, "row_actions", ("duplicate_row",))
    count = Note.objects.count()
    messages = duplicate_in_admin("rolf", owned_by_robin, row_action)
    assert any("That type is not one of the available choices" in m for m in messages), messages
    assert Note.objects.count() == count  # nothing written
    # robin may choose users in the form: his duplicate keeps the owner
    messages = duplicate_in_admin("robin", owned_by_robin, row_action)
    assert any(m.startswith("Duplicated") for m in messages), messages
    assert Note.objects.filter(subject=owned_by_robin.subject).count() == 2
    assert {n.owner for n in Note.objects.filter(subject=owned_by_robin.subject)} == {
        owned_by_robin.owner
    }


def test_a_duplicate_keeps_an_owner_the_user_may_choose(db):
    note = Note.objects.get(subject="Visit at home")  # owned by a person
    messages = duplicate_in_admin("rolf", note)
    assert any(m.startswith("Duplicated") for m in messages), messages
    copy = Note.objects.filter(subject=note.subject).exclude(pk=note.pk).get()
    assert copy.owner == note.owner
