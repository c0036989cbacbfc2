"""Merge: references move, the merged row goes, atomic, with a dry run."""

from __future__ import annotations

import pytest

from demo_project.contacts.models import Company, Partner, Person, Role
from demo_project.notes.models import Note
from lino_core_model.exceptions import MergeError

pytestmark = pytest.mark.django_db


def test_merge_moves_references_and_deletes_source():
    source, target = Person.objects.get(pk=203), Person.objects.get(pk=202)
    notes = set(Note.objects.filter(partner_id__in=[202, 203]).values_list("pk", flat=True))
    roles = set(Role.objects.filter(person_id__in=[202, 203]).values_list("pk", flat=True))
    msg = source.merge_into(target)
    assert msg.startswith("Merged ARENS Andreas into ARENS Annette. Updated ")
    assert not Partner.objects.filter(pk=203).exists()
    assert set(Note.objects.filter(partner_id=202).values_list("pk", flat=True)) == notes
    assert set(Role.objects.filter(person_id=202).values_list("pk", flat=True)) == roles


def test_dry_run_lists_moves_without_changing_anything():
    source, target = Person.objects.get(pk=203), Person.objects.get(pk=202)
    plan = source.merge_plan(target)
    n_notes = Note.objects.filter(partner_id=203).count()
    assert {(m.reference.model, m.count) for m in plan.moves} >= {(Note, n_notes)}
    text = plan.as_text()
    assert text.startswith("Are you sure you want to merge ARENS Andreas into ARENS Annette?")
    assert f"{n_notes} Notes (partner)" in text
    assert text.endswith("ARENS Andreas will be deleted.")
    assert Note.objects.filter(partner_id=203).count() == n_notes


def test_merge_errors():
    person = Person.objects.get(pk=203)
    with pytest.raises(MergeError, match="You must specify a merge target."):
        person.merge_plan(None)
    with pytest.raises(MergeError, match="Cannot merge an instance to itself."):
        person.merge_plan(Person.objects.get(pk=203))
    with pytest.raises(MergeError, match="not of the same type"):
        person.merge_plan(Company.objects.get(pk=100))


def test_failed_merge_changes_nothing(monkeypatch):
    source, target = Person.objects.get(pk=203), Person.objects.get(pk=202)
    before = sorted(Note.objects.values_list("pk", "partner_id"))

    def boom(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Person, "delete", boom)
    with pytest.raises(RuntimeError):
        source.merge_into(target)
    assert sorted(Note.objects.values_list("pk", "partner_id")) == before
    assert Person.objects.filter(pk=203).exists()


def test_merge_of_users_moves_authored_notes():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    rolf, romain = User.objects.get(username="rolf"), User.objects.get(username="romain")
    n = Note.objects.filter(user__in=[rolf, romain]).count()
    rolf.merge_into(romain)
    assert Note.objects.filter(user=romain).count() == n
