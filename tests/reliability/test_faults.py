"""An exception in the middle of a multi-row operation leaves the database as before.

Each test compares a full dump of every table before and after the failure.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import pre_delete

from demo_project.contacts.models import Company, Person, Role
from lino_core_model.behaviour import references

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
