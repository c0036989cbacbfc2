"""An exception in the middle of a multi-row operation leaves the database as before.

Each test compares a full dump of every table before and after the failure.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import pre_delete

from demo_project.contacts.models import Company, Person, Role
from lino_core_model import references

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def dump() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out, indent=None, exclude=["sessions", "admin"])
    return out.getvalue()


def fail_on_call(monkeypatch, owner, name: str, call: int) -> None:
    """Make the ``call``-th call of ``owner.name`` raise :class:`Boom`."""
    real = getattr(owner, name)
    count = {"n": 0}

    def wrapper(*args, **kwargs):
        count["n"] += 1
        if count["n"] == call:
            raise Boom(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)


def test_duplicate_failing_on_a_slave_leaves_nothing(monkeypatch):
    before = dump()
    fail_on_call(monkeypatch, Role, "on_duplicate", 2)  # the master is already saved then
    with pytest.raises(Boom):
        Company.objects.get(ref="rumma").duplicate()
    assert dump() == before


def test_merge_failing_after_the_first_moves_leaves_nothing(monkeypatch):
    source, target = Person.objects.get(pk=203), Person.objects.get(pk=202)
    before = dump()
    fail_on_call(monkeypatch, references.Reference, "move", 2)  # Role.person, Note.partner
    with pytest.raises(Boom):
        source.merge_into(target)
    assert dump() == before


def test_cascaded_delete_failing_midway_leaves_nothing():
    rumma = Company.objects.get(ref="rumma")
    assert Role.objects.filter(company=rumma).count() > 1
    before = dump()

    def boom(sender, instance, **kwargs):
        raise Boom("pre_delete")

    pre_delete.connect(boom, sender=Company)
    try:
        with pytest.raises(Boom):
            rumma.delete()
    finally:
        pre_delete.disconnect(boom, sender=Company)
    assert dump() == before


def test_repeating_an_operation_that_committed():
    """docs/guide/operations.rst: after a crash the caller may not know whether its last
    operation committed. Repeated with the rows it had in memory, a merge, a state
    change and a delete refuse or do nothing; a duplicate makes another copy."""
    from demo_project.notes.choicelists import NoteStates
    from demo_project.notes.models import Note
    from lino_core_model.exceptions import MergeError, StateChanged

    source, target = Person.objects.get(pk=203), Person.objects.get(pk=202)
    source.merge_into(target)
    with pytest.raises(MergeError, match="The rows to merge no longer exist."):
        source.merge_into(target)

    note = Note.objects.filter(state=NoteStates.draft).first()
    stale = Note.objects.get(pk=note.pk)
    note.set_workflow_state(None, "state", NoteStates.done)
    with pytest.raises(StateChanged, match="is already Done."):
        note.set_workflow_state(None, "state", NoteStates.done)
    with pytest.raises(StateChanged, match="the state changed meanwhile."):
        stale.set_workflow_state(None, "state", NoteStates.done)

    person = Person.objects.create(first_name="Deleted", last_name="Twice")
    stale = Person.objects.get(pk=person.pk)  # Django clears the pk of the deleted one
    assert person.delete()[0] == 2  # the person and its partner row
    assert stale.delete() == (0, {})

    rumma = Company.objects.get(ref="rumma")
    before = Company.objects.count()
    rumma.duplicate()
    rumma.duplicate()
    assert Company.objects.count() == before + 2
