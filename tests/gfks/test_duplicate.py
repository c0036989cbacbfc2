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
