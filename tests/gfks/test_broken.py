"""BrokenGFKs: rows whose GFK names a missing row or model; set-based; the command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo_project.contacts.models import Person
from demo_project.notes.models import Note
from lino_core_model.api import rt
from lino_gfks.broken import broken_gfks, repair_broken_gfks

from .conftest import note_about

pytestmark = pytest.mark.django_db

PERSON = "contacts.Person"


def broken_notes() -> list[tuple[int, str, str]]:
    return [(r.obj.pk, r.message, r.todo) for r in broken_gfks() if isinstance(r.obj, Note)]


def dangling_notes(n: int) -> list[Note]:
    ct = ContentType.objects.get_for_model(Person)
    note = note_about(None)
    return Note.objects.bulk_create(
        Note(partner_id=note.partner_id, owner_type=ct, owner_id=900000 + i,
             date=note.date, subject="dangling") for i in range(n)
    )


def test_demo_has_no_broken_gfks():
    assert broken_notes() == []


def test_missing_row_is_broken():
    [note] = dangling_notes(1)
    assert broken_notes() == [
        (note.pk, f"Invalid primary key 900000 for {PERSON} in `owner_id`", "clear")]


def test_type_without_id_is_broken():
    note = note_about(None)
    Note.objects.filter(pk=note.pk).update(owner_type=ContentType.objects.get_for_model(Person))
    assert broken_notes() == [
        (note.pk, f"Invalid primary key None for {PERSON} in `owner_id`", "clear")]


def test_type_without_model_is_broken(vanished_type):
    note = note_about(None)
    Note.objects.filter(pk=note.pk).update(owner_type=vanished_type, owner_id=1)
    assert broken_notes() == [
        (note.pk, f"Content type {vanished_type.pk} in `owner_type` has no model", "clear")]


def test_todo_follows_the_policy(policy):
    dangling_notes(1)
    assert [todo for _pk, _m, todo in broken_notes()] == ["clear"]  # Note.owner is nullable
    policy(Note, cascade="owner")
    assert [todo for _pk, _m, todo in broken_notes()] == ["delete"]


def count_queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        list(broken_gfks())
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_rows(django_assert_num_queries):
    dangling_notes(10)
    ContentType.objects.get_for_model(Person)  # warm the cache outside the measure
    n = count_queries()
    with django_assert_num_queries(n):
        assert len(broken_notes()) == 10
    dangling_notes(990)
    with django_assert_num_queries(n):
        assert len(broken_notes()) == 1000


def test_table_shows_the_broken_rows(capsys):
    [note] = dangling_notes(1)
    rt.show(rt.models.gfks.BrokenGFKs)
    out = capsys.readouterr().out
    assert "Database model" in out and "Action" in out
    assert f"Invalid primary key 900000 for {PERSON} in `owner_id`" in out
    assert str(note) in out


def test_repair_deletes_clears_or_leaves(policy):
    [note] = dangling_notes(1)
    policy(Note, cascade="owner")
    assert repair_broken_gfks() == {"delete": 1, "clear": 0, "manual": 0}
    assert not Note.objects.filter(pk=note.pk).exists()


def test_repair_clears_nullable_gfks():
    [note] = dangling_notes(1)
    assert repair_broken_gfks() == {"delete": 0, "clear": 1, "manual": 0}
    note.refresh_from_db()
    assert (note.owner_type_id, note.owner_id) == (None, None)


def test_repair_leaves_required_gfks(policy):
    from lino_checkdata.models import Problem

    policy(Problem)  # neither cascaded nor nullable: manual
    Problem.objects.bulk_create([Problem(  # save() refuses a missing owner
        owner_type=ContentType.objects.get_for_model(Person), owner_id=900001,
        checker="x.Y", message="m")])
    assert repair_broken_gfks()["manual"] == 1
    assert Problem.objects.filter(owner_id=900001).exists()


def test_command_lists_and_repairs():
    [note] = dangling_notes(1)
    out = StringIO()
    call_command("brokengfks", stdout=out)
    assert f"notes.Note #{note.pk}: Invalid primary key 900000" in out.getvalue()
    assert "1 broken GFKs." in out.getvalue()
    assert Note.objects.filter(pk=note.pk, owner_id=900000).exists()  # listing changes nothing
    call_command("brokengfks", "--repair", stdout=out)
    assert "Deleted 0, cleared 1, left 0 to repair manually." in out.getvalue()
    assert broken_notes() == []


def test_command_repair_is_atomic(policy):
    from lino_checkdata.models import Problem

    notes = dangling_notes(2)
    policy(Note, cascade="owner")
    policy(Problem)
    Problem.objects.create(owner=notes[1], checker="x.Y", message="m")  # vetoes the delete
    with pytest.raises(CommandError, match="Nothing repaired: Cannot delete"):
        call_command("brokengfks", "--repair", stdout=StringIO())
    assert Note.objects.filter(pk__in=[n.pk for n in notes]).count() == 2
