"""Summary rows are deleted through the delete policy (``checksummaries`` and merge alike)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from demo_project.contracts.models import UserStat
from demo_project.notes.models import Note
from lino_core_model.exceptions import DeleteVetoed, MergeError
from lino_core_model.options import lino_options

pytestmark = pytest.mark.django_db


def note_owned_by(owner) -> Note:
    return Note.objects.create(
        partner_id=100, owner=owner, date=datetime.date(2024, 5, 1), subject="About a statistic"
    )


@pytest.fixture
def stat() -> UserStat:
    call_command("checksummaries", "contracts.UserStat")
    return UserStat.objects.filter(master__username="robin").first()


def test_checksummaries_is_vetoed_like_a_delete(stat):
    note = note_owned_by(stat)
    message = f"Cannot delete {stat} because 1 Note refers to it."
    with pytest.raises(DeleteVetoed, match=message):
        stat.delete()
    with pytest.raises(CommandError, match=message):
        call_command("checksummaries", "contracts.UserStat")
    assert UserStat.objects.filter(pk=stat.pk).exists()
    note.refresh_from_db()
    assert note.owner == stat  # no broken GFK


def test_checksummaries_clears_what_the_policy_clears(stat, monkeypatch):
    monkeypatch.setattr(lino_options(Note), "clear_on_delete", frozenset({"owner"}))
    note = note_owned_by(stat)
    call_command("checksummaries", "contracts.UserStat")
    note.refresh_from_db()
    assert (note.owner_type_id, note.owner_id) == (None, None)
    assert UserStat.objects.filter(master=stat.master).exists()  # recreated


def test_merge_of_users_is_vetoed_by_a_reference_to_a_summary_row(stat):
    """The merged user's statistic rows are deleted (not moved) through the policy."""
    source = get_user_model().objects.create_user("merged_away")
    UserStat.objects.filter(pk=stat.pk).update(master=source)
    note = note_owned_by(stat)
    with pytest.raises(MergeError, match="1 Note refers to it"):
        source.merge_into(stat.master.__class__.objects.get(username="robin"))
    assert UserStat.objects.filter(pk=stat.pk, master=source).exists()
    note.refresh_from_db()
    assert note.owner == UserStat.objects.get(pk=stat.pk)
