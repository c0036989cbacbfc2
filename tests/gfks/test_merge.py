"""Merge moves the GFK references too."""

from __future__ import annotations

import pytest

from demo_project.contacts.models import Partner, Person
from demo_project.notes.models import Note
from lino_checkdata.models import Problem

from .conftest import note_about

pytestmark = pytest.mark.django_db


def test_merge_of_two_persons_moves_the_attached_notes():
    a = Person.objects.create(first_name="A", last_name="Source")
    b = Person.objects.create(first_name="B", last_name="Target")
    n1, n2 = note_about(a), note_about(Partner.objects.get(pk=a.pk))
    n3 = note_about(b)
    plan = a.merge_plan(b)
    assert "1 Note (owner)" in plan.as_text()
    a.merge_into(b)
    assert not Partner.objects.filter(pk=a.pk).exists()
    assert set(Note.owned_rows(b)) == {n1, n3}
    assert list(Note.owned_rows(Partner.objects.get(pk=b.pk))) == [n2]


def test_problems_of_the_merged_row_go_with_it():
    a = Person.objects.create(first_name="A", last_name="Source")
    b = Person.objects.create(first_name="B", last_name="Target")
    Problem.objects.create(owner=a, checker="x.Y", message="m")
    a.merge_into(b)
    assert Problem.objects.filter(owner_id=b.pk, checker="x.Y").count() == 1
