"""The problems that lino_gfks stored before lino_checkdata move to checkdata.Problem.

Migrated back to the state before the move (gfks 0002, no checkdata), the
problems are in gfks.Problem again; one more is stored there the old way, and
after migrating forward, gfks first or checkdata first, each is found in
checkdata.Problem: same id and content, the content type (and so the permissions
held) handed over. The two migrations have no edge between them: a project that
migrated gfks without lino_checkdata can install it later.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from demo_project.contacts.models import Partner
from lino_checkdata.models import Problem

BEFORE = ("gfks", "0002_owner_index")


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()  # the migrations renamed a content type
    return MigrationExecutor(connection)  # its loader knows what is applied now


@pytest.mark.django_db
def test_a_new_database_has_no_old_problem_table():
    """On a new database checkdata 0001 may run before gfks 0001 created the old
    table: gfks 0003 hands the (no) rows over and drops it. A table left over would
    keep a foreign key to the content types (PostgreSQL's flush then fails)."""
    assert "gfks_problem" not in connection.introspection.table_names()


def test_no_edge_between_the_two_apps_migrations():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert not [key for key in graph.forwards_plan(("checkdata", "0001_initial"))
                if key[0] == "gfks" and key[1] >= "0003"]
    assert not [key for key in graph.forwards_plan(("gfks", "0003_delete_problem"))
                if key[0] == "checkdata"]


def store_the_old_way(executor: MigrationExecutor, partner: Partner, content_type_id: int):
    """In the state before the move: the problems and their content type are
    gfks', and one more is stored as lino_gfks did."""
    assert "checkdata_problem" not in connection.introspection.table_names()
    old_apps = executor.loader.project_state([BEFORE]).apps
    OldType = old_apps.get_model("contenttypes", "ContentType")
    assert OldType.objects.filter(pk=content_type_id, app_label="gfks").exists()
    OldProblem = old_apps.get_model("gfks", "Problem")
    assert list(OldProblem.objects.values_list("message", flat=True)) == ["kept"]
    return OldProblem.objects.create(
        owner_type_id=ContentType.objects.get_for_model(Partner).pk,
        owner_id=partner.pk,
        checker="x.Old",
        message="stored by gfks",
        fixable=True,
    )


FIRST = {
    "gfks first": ("gfks", "0003_delete_problem"),
    "checkdata first": ("checkdata", "0001_initial"),
}


@pytest.mark.parametrize("first", FIRST)
@pytest.mark.django_db(transaction=True)
def test_problems_stored_by_gfks_are_moved_to_checkdata(first):
    Problem.objects.all().delete()
    partner = Partner.objects.create(name="Moved")
    kept = Problem.objects.create(owner=partner, checker="x.Kept", message="kept")
    view = Permission.objects.get(content_type__app_label="checkdata", codename="view_problem")
    viewers = Group.objects.create(name="Problem viewers")
    viewers.permissions.add(view)

    executor = migrate([BEFORE, ("checkdata", None)])  # back: the rows go to gfks.Problem
    try:
        stored = store_the_old_way(executor, partner, view.content_type_id)
    finally:
        migrate([FIRST[first]])
        migrate(executor.loader.graph.leaf_nodes())  # forward again

    moved = Problem.objects.get(pk=stored.pk)
    assert (moved.owner, moved.checker, moved.message, moved.fixable) == (
        partner, "x.Old", "stored by gfks", True)
    assert Problem.objects.get(pk=kept.pk).message == "kept"
    assert Problem.objects.create(owner=partner, checker="x.New", message="new").pk > stored.pk
    assert viewers.permissions.get() == view
    assert Permission.objects.get(pk=view.pk).content_type.app_label == "checkdata"


@pytest.mark.django_db(transaction=True)
def test_checkdata_installed_after_gfks_0003(monkeypatch):
    """Without lino_checkdata, gfks 0003 drops the table; installed later, its 0001
    runs without an inconsistent history and starts empty."""
    from django.apps import apps

    executor = migrate([BEFORE, ("checkdata", None)])
    try:
        is_installed = apps.is_installed
        monkeypatch.setattr(apps, "is_installed", lambda name: name != "lino_checkdata"
                            and is_installed(name))
        migrate([("gfks", "0003_delete_problem")])
        assert "gfks_problem" not in connection.introspection.table_names()
        monkeypatch.undo()
        executor = MigrationExecutor(connection)
        executor.loader.check_consistent_history(connection)
    finally:
        migrate(executor.loader.graph.leaf_nodes())
    assert not Problem.objects.exists()
