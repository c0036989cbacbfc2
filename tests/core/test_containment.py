"""Our behaviour stays on our models: Django's own models keep their attributes and fast delete."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db.models.deletion import Collector, get_candidate_relations_to_delete
from django.db.models.signals import post_delete, pre_delete
from django.test import override_settings

from demo_project.contracts.models import UserStat
from lino_core_model.analysis import LINO_MODEL_ATTRIBUTES, analyze_models
from lino_gfks._deletion import receiver_senders
from tests import OUR_APPS

pytestmark = pytest.mark.django_db

DJANGO_MODELS = [Session, LogEntry, Group, Permission]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("model", DJANGO_MODELS, ids=lambda m: m.__name__)
def test_django_models_carry_none_of_our_attributes(model):
    assert [name for name in LINO_MODEL_ATTRIBUTES if hasattr(model, name)] == []


@pytest.mark.parametrize("model", DJANGO_MODELS, ids=lambda m: m.__name__)
def test_django_models_keep_fast_delete(model):
    """No receiver of ours. Groups and permissions have many-to-many rows that Django
    deletes with them (never a fast delete, also without our apps): those rows are."""
    assert not pre_delete.has_listeners(model)
    assert not post_delete.has_listeners(model)
    collector = Collector(using="default")
    m2m = list(get_candidate_relations_to_delete(model._meta))
    if not m2m:
        assert collector.can_fast_delete(model._default_manager.all())
    assert all(rel.field.model._meta.auto_created for rel in m2m)
    assert all(
        collector.can_fast_delete(rel.related_model._base_manager.all(), from_field=rel.field)
        for rel in m2m
    )


def test_our_leaf_models_keep_fast_delete_too():
    """Summary rows: nothing cascades from them, nothing plain deletes them by cascade."""
    assert UserStat not in receiver_senders()
    assert Collector(using="default").can_fast_delete(UserStat.objects.all())


def test_django2lino_is_an_explicit_opt_in(monkeypatch):
    for name in LINO_MODEL_ATTRIBUTES:  # undone after the test
        monkeypatch.setattr(Group, name, None, raising=False)
        monkeypatch.delattr(Group, name)
    with override_settings(LINO_CORE_MODEL_DJANGO2LINO=["auth.Group"]):
        analyze_models()
    group = Group.objects.create(name="Opted in")
    assert group.disable_delete() is None
    assert not hasattr(Session, "disable_delete")


def registered_names(source: str) -> list[str]:
    """The model names an admin module registers: ``@admin.register(X)`` and
    ``admin.site.register(X, ...)``."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in {
            "admin.register",
            "admin.site.register",
        }:
            # admin.site.register(X, XAdmin): the model is the first argument only
            models = node.args[:1] if "site" in ast.unparse(node.func) else node.args
            names += [ast.unparse(arg) for arg in models]
    return names


def own_models(source: str) -> set[str]:
    """The names the module imports from its own app's ``models``."""
    return {
        alias.asname or alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.level >= 1 and node.module == "models"
        for alias in node.names
    }


@pytest.mark.parametrize("app", OUR_APPS)
def test_our_admin_modules_register_only_our_models(app):
    """Nothing is registered on a model that is not ours (``ContentType``'s admin is
    offered by lino_gfks, and the demo registers it)."""
    module = ROOT / app / "admin.py"
    paths = [module] if module.exists() else sorted((ROOT / app / "admin").glob("*.py"))
    assert paths, f"{app} has no admin module"
    for path in paths:  # the admin module, or each module of the admin package
        source = path.read_text()
        assert set(registered_names(source)) <= own_models(source), path
