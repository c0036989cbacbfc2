"""Fixtures of the lino_gfks tests."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from demo_project.contacts.models import Company, Person
from demo_project.notes.models import Note
from lino_core_model.options import lino_options


@pytest.fixture
def policy(monkeypatch):
    """``policy(model, cascade=..., clear=...)``: change a model's GFK delete policy."""

    def set_policy(model, cascade: str = "", clear: str = "") -> None:
        options = lino_options(model)
        monkeypatch.setattr(options, "cascaded_delete", frozenset(cascade.split()))
        monkeypatch.setattr(options, "clear_on_delete", frozenset(clear.split()))

    return set_policy


@pytest.fixture
def person(db) -> Person:
    """A person nothing points to yet."""
    return Person.objects.create(first_name="Gina", last_name="Gfk")


def note_about(owner, **kwargs) -> Note:
    """A note owned by ``owner`` (its partner is an unrelated company)."""
    return Note.objects.create(
        partner=Company.objects.get(pk=100), owner=owner,
        date=datetime.date(2024, 5, 1), subject="About", **kwargs,
    )


@pytest.fixture
def vanished_type(db) -> ContentType:
    """A content type whose model no longer exists."""
    ct = ContentType.objects.create(app_label="gone", model="vanished")
    yield ct
    ContentType.objects.clear_cache()
