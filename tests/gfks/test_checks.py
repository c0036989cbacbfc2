"""System checks of lino_gfks."""

from __future__ import annotations

from django.apps import apps
from django.test.utils import isolate_apps

from demo_project.notes.models import Note
from lino_checkdata.models import Problem
from lino_gfks.checks import (
    check_clear_on_delete,
    check_needed_apps,
    check_owner_index,
    check_owner_models,
)


def test_demo_passes():
    assert check_needed_apps() == []
    assert check_clear_on_delete() == []
    assert check_owner_index() == []  # Note and Problem inherit Controllable.Meta
    assert check_owner_models() == []


def test_owner_models_must_name_installed_models(monkeypatch):
    monkeypatch.setattr(Note, "owner_models", "contacts.Person nosuch.Model")
    errors = check_owner_models()
    assert [(e.id, e.obj) for e in errors] == [("lino_gfks.E003", Note)]
    assert "nosuch" in errors[0].msg


def test_controllable_without_its_owner_index_is_warned(monkeypatch):
    monkeypatch.setattr(Note._meta, "indexes", [])
    assert [(w.id, w.obj) for w in check_owner_index()] == [("lino_gfks.W001", Note)]


def test_needed_apps_must_be_installed(monkeypatch):
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "lino_core_model")
    errors = check_needed_apps()
    assert [(e.id, e.msg) for e in errors] == [
        ("lino_gfks.E001", "lino_gfks needs 'lino_core_model' in INSTALLED_APPS.")]


def test_clear_on_delete_must_name_a_nullable_gfk(monkeypatch):
    monkeypatch.setattr(Note, "clear_on_delete", "owner partner", raising=False)
    monkeypatch.setattr(Problem, "clear_on_delete", "owner", raising=False)
    errors = check_clear_on_delete()
    assert [(e.id, e.obj) for e in errors] == [
        ("lino_gfks.E002", Problem), ("lino_gfks.E002", Note)]
    assert "'partner'" in errors[1].msg


@isolate_apps("lino_gfks")
def test_isolated_models_are_not_seen():
    assert check_clear_on_delete() == []
