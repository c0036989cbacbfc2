"""System checks of lino_gfks."""

from __future__ import annotations

from django.apps import apps
from django.test.utils import isolate_apps

from demo_project.notes.models import Note
from lino_gfks.checks import check_clear_on_delete, check_contenttypes_installed
from lino_gfks.models import Problem


def test_demo_passes():
    assert check_contenttypes_installed() == []
    assert check_clear_on_delete() == []


def test_contenttypes_must_be_installed(monkeypatch):
    monkeypatch.setattr(apps, "is_installed", lambda name: False)
    assert [e.id for e in check_contenttypes_installed()] == ["lino_gfks.E001"]


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
