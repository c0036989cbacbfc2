"""Controllable (Ownable): the owner fields, their options, the owner chain."""

from __future__ import annotations

import pytest
from django.test.utils import isolate_apps

from demo_project.contacts.models import Person
from demo_project.notes.models import Note
from lino_checkdata.models import Problem
from lino_core_model.api import rt
from lino_gfks.mixins import Controllable, Ownable

from .conftest import note_about


def test_ownable_is_controllable():
    assert Ownable is Controllable


def test_models_by_base_lists_the_controllable_models():
    assert rt.models_by_base(Controllable) == [Problem, Note]


def test_owner_is_optional_by_default_and_required_for_problems():
    assert Note._meta.get_field("owner_type").null
    assert Note._meta.get_field("owner_id").null
    assert not Problem._meta.get_field("owner_type").null
    assert not Problem._meta.get_field("owner_id").blank


@isolate_apps("lino_gfks")
def test_update_controller_field_relabels_and_changes_options():
    class Task(Controllable):
        owner_label = "ignored"
        controller_is_optional = False

        class Meta:
            app_label = "gfks"

    meta = Task._meta
    assert meta.get_field("owner_type").null  # the deprecated attributes are ignored
    assert str(meta.get_field("owner").verbose_name) == "Controlled by"
    Task.update_controller_field("Origin", blank=False, null=False)
    assert str(meta.get_field("owner").verbose_name) == "Origin"
    assert str(meta.get_field("owner_id").verbose_name) == "Origin (object)"
    assert str(meta.get_field("owner_type").verbose_name) == "Origin (type)"
    assert not meta.get_field("owner_type").null and not meta.get_field("owner_id").blank


@pytest.mark.django_db
def test_save_calls_update_owned_instance_up_the_chain(monkeypatch, person):
    calls = []
    monkeypatch.setattr(
        Person, "update_owned_instance", lambda self, c: calls.append((self, c)), raising=False
    )
    top = note_about(person)
    assert calls == [(person, top)]
    calls.clear()
    child = note_about(top)  # a note owned by a note owned by the person
    assert calls == [(person, child)]  # forwarded by the owning note


@pytest.mark.django_db
def test_save_does_not_fetch_an_owner_without_the_hook(person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    note = note_about(person)
    with CaptureQueriesContext(connection) as queries:
        note.save()
    statements = [q["sql"] for q in queries.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # the owner lock (lino_gfks.owners), the foreign key locks (partner, owner_type:
    # lino_core_model.locks.lock_targets), the UPDATE
    assert len(statements) == 4


@pytest.mark.django_db
def test_owned_rows(person):
    note = note_about(person)
    assert list(Note.owned_rows(person)) == [note]
