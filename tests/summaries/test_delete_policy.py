"""Summary rows are deleted through the delete policy (``checksummaries`` and merge alike);
a row that another row refers to is kept and recomputed in place (issue 22, N1)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count

from demo_project.contracts.models import UserStat
from demo_project.notes.models import Note
from lino_core_model.exceptions import DeleteVetoed, MergeError
from lino_core_model.options import lino_options

pytestmark = pytest.mark.django_db


def note_owned_by(owner) -> Note:
    """A note owned by ``owner``, a summary row: saving refuses it (derived rows are no
    owners), an ``UPDATE`` (or a note stored before that rule) does not."""
    note = Note.objects.create(
        partner_id=100, date=datetime.date(2024, 5, 1), subject="About a statistic"
    )
    Note.objects.filter(pk=note.pk).update(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    )
    return note


def true_counts() -> dict:
    """``{(user id, year, month): notes}`` from the notes themselves."""
    rows = Note.objects.filter(user__isnull=False).values("user", "date__year", "date__month")
    return {
        (r["user"], r["date__year"], r["date__month"]): r["n"]
        for r in rows.annotate(n=Count("pk"))
    }


def assert_statistics_right(**flt) -> None:
    counts = true_counts()
    for stat in UserStat.objects.filter(**flt):
        assert stat.notes == counts.get((stat.master_id, stat.year, stat.month), 0), stat


@pytest.fixture
def stat() -> UserStat:
    call_command("checksummaries", "contracts.UserStat")
    return UserStat.objects.filter(master__username="robin").first()


def test_a_reference_to_a_summary_row_does_not_stop_checksummaries(stat, capsys):
    """The daily run of everybody goes on: the referred row is kept and recomputed in
    place, every other row is replaced; the run says what it kept."""
    note = note_owned_by(stat)
    other = UserStat.objects.exclude(master=stat.master).first()
    UserStat.objects.filter(pk__in=[stat.pk, other.pk]).update(notes=999)
    with pytest.raises(DeleteVetoed, match=f"Cannot delete {stat} because 1 Note refers to it."):
        stat.delete()  # by hand: still vetoed
    call_command("checksummaries", "contracts.UserStat")
    assert "Kept 1 summary row that another row refers to; it was recomputed in place: " \
        f"User statistic #{stat.pk} ({stat})." in capsys.readouterr().err
    assert UserStat.objects.filter(pk=stat.pk).exists()
    assert not UserStat.objects.filter(pk=other.pk).exists()  # replaced
    assert not UserStat.objects.filter(notes=999).exists()
    assert_statistics_right()
    period = {"master": stat.master, "year": stat.year, "month": stat.month}
    assert UserStat.objects.filter(**period).count() == 1  # no second row for the period
    note.refresh_from_db()
    assert note.owner == stat  # no broken GFK


def test_the_admin_actions_go_on_and_say_what_they_kept(stat, client):
    """ "Update summary data" and "Check all summary data" as robin (issue 22, N1)."""
    note_owned_by(stat)
    UserStat.objects.update(notes=999)
    client.login(username="robin", password="1234")
    for action, updated in [("update_summaries", {"master": stat.master}),  # the selected
                            ("check_summaries", {})]:  # everybody's
        response = client.post(
            "/admin/users/user/",
            {"action": action, "_selected_action": [stat.master_id]},
            follow=True,
        )
        text = [str(m) for m in response.context["messages"]]
        assert any(f"User statistic #{stat.pk}" in m and "recomputed in place" in m
                   for m in text), text
        assert not UserStat.objects.filter(notes=999, **updated).exists()
        assert_statistics_right(**updated)
        UserStat.objects.update(notes=999)


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
