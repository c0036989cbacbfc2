"""A GFK is as safe as a foreign key under concurrency (issue 18).

A merge (or delete) of an owner races against a writer creating a row it
owns: the writer has checked its owner, and commits after the merge moved the
references. With the owner lock (``lino_gfks.owners.LOCK_OWNERS``) the merge
waits for the writer and then moves its row, or the writer waits for the
merge and gets "no longer exists". Without it, every round leaves a broken GFK.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from demo_project.contacts.models import Partner, Person
from demo_project.notes.models import Note
from lino_core_model.exceptions import DeleteVetoed
from lino_gfks import owners
from lino_gfks.broken import broken_gfks

from .conftest import run_concurrently

ROUNDS = 3


@pytest.fixture(params=[True, False], ids=["lock", "no-lock"])
def locked(request, monkeypatch) -> bool:
    """Each race runs with the owner lock and without it."""
    monkeypatch.setattr(owners, "LOCK_OWNERS", request.param)
    return request.param


@pytest.fixture
def race(monkeypatch):
    """``race(owner, other)`` creates a note owned by ``owner`` while ``other()`` merges
    or deletes it; returns (the note or error, what ``other`` returned or raised).

    The writer pauses after checking its owner until the other side has looked for
    the references (at most 1 s: with the lock, that side waits for us); it then
    commits between that look and the DELETE."""
    checked, moved = threading.Event(), threading.Event()
    real_lock_rows = owners.lock_rows

    def check_then_wait(*args, **kwargs):
        found = real_lock_rows(*args, **kwargs)
        checked.set()
        moved.wait(1)
        return found

    def veto_slowly(self, *args, **kwargs):
        veto = real_veto(self, *args, **kwargs)
        moved.set()
        time.sleep(0.2)  # the writer now commits its row
        return veto

    real_veto = Person.disable_delete
    monkeypatch.setattr(owners, "lock_rows", check_then_wait)
    monkeypatch.setattr(Person, "disable_delete", veto_slowly)

    def run(owner, other):
        checked.clear()
        moved.clear()

        def after_the_check():
            assert checked.wait(10)
            return other()

        return run_concurrently(lambda: create_note(owner, "race"), after_the_check)

    return run


def create_note(owner: Person, subject: str):
    partner = Partner.objects.get_or_create(name="Note partner")[0]
    return Note.objects.create(partner=partner, owner=owner, date="2024-01-01", subject=subject)


def assert_broken_notes(locked: bool, what: str) -> None:
    """No broken GFK with the lock; without it, the race broke at least one."""
    broken = sum(1 for b in broken_gfks() if isinstance(b.obj, Note))
    print(f"{what}, lock {locked}: {broken} broken GFKs in {ROUNDS} rounds")
    assert broken == 0 if locked else broken > 0


@pytest.mark.parametrize("owner_model", [Person, Partner])
def test_merge_while_a_controlled_row_is_created(concurrent, race, locked, owner_model):
    """Owned through the person's own type or through its ``Partner`` row."""
    for i in range(ROUNDS):
        source = Person.objects.create(first_name=f"Src{i}", last_name="Owner")
        target = Person.objects.create(first_name=f"Dst{i}", last_name="Owner")
        owner = owner_model.objects.get(pk=source.pk)
        created, merged = race(owner, lambda s=source, t=target: s.merge_into(t))
        assert isinstance(merged, str), merged
        if locked:
            assert isinstance(created, Note), created  # we locked first: the merge moved it
            assert Note.objects.get(pk=created.pk).owner_id == target.pk
    assert_broken_notes(locked, f"merge, owner {owner_model.__name__}")


def test_delete_while_a_controlled_row_is_created(concurrent, race, locked):
    """The note protects its owner: the delete is vetoed, or the note is refused."""
    for i in range(ROUNDS):
        owner = Person.objects.create(first_name=f"Del{i}", last_name="Owner")
        created, deleted = race(owner, owner.delete)
        if locked:
            assert isinstance(created, Note) and isinstance(deleted, DeleteVetoed), (
                created,
                deleted,
            )
    assert_broken_notes(locked, "delete")


def test_writer_after_the_merge_gets_a_clear_error(concurrent):
    """The merge committed first: the owner no longer exists (ValidationError, not a
    broken GFK or a database error)."""
    source = Person.objects.create(first_name="Gone", last_name="Owner")
    target = Person.objects.create(first_name="Kept", last_name="Owner")
    stale = Person.objects.get(pk=source.pk)
    source.merge_into(target)
    with pytest.raises(ValidationError, match="no longer exists"):
        create_note(stale, "late")
    assert not Note.objects.filter(
        owner_type=ContentType.objects.get_for_model(Person), owner_id=source.pk
    ).exists()
