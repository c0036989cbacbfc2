"""The monthly summary table (UserStat): rows per master and month, delete_them_all."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from demo_project.contracts.models import UserStat
from demo_project.notes.models import Note
from lino_summaries import engine
from lino_summaries.recompute import check_summaries

pytestmark = pytest.mark.django_db


def test_one_row_per_user_and_month_of_the_configured_years():
    assert UserStat.objects.count() == 5 * 12
    assert set(UserStat.objects.values_list("year", flat=True)) == {2024}


def test_counts_notes_and_contracts_per_month():
    robin = UserStat.objects.get(master__username="robin", year=2024, month=4)
    assert robin.notes == Note.objects.filter(
        user__username="robin", date__year=2024, date__month=4).count() > 0
    rolf = UserStat.objects.get(master__username="rolf", year=2024, month=3)
    assert rolf.contracts == 1


def test_database_refuses_a_second_row_for_a_period():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserStat.objects.create(master=get_user_model().objects.get(username="robin"),
                                year=2024, month=1)


def test_new_users_get_rows_and_settings_are_read_when_used(settings):
    get_user_model().objects.create(username="newbie")
    settings.LINO_SUMMARIES_START_YEAR = 2023
    check_summaries([UserStat])
    assert UserStat.objects.filter(master__username="newbie").count() == 24
    assert UserStat.objects.filter(year=2023).count() == 6 * 12


def test_failed_update_leaves_the_table_as_it_was(monkeypatch):
    """delete_them_all: deleting and recreating happen in one transaction."""
    UserStat.objects.filter(master__username="robin").update(notes=99)
    before = sorted(UserStat.objects.values_list("pk", "notes"))

    def boom(model):
        raise RuntimeError("database gone")

    monkeypatch.setattr(engine, "aggregate_expressions", boom)
    with pytest.raises(RuntimeError):
        check_summaries([UserStat])
    assert sorted(UserStat.objects.values_list("pk", "notes")) == before


def test_interrupted_collector_run_leaves_the_master_intact(monkeypatch):
    """An exception in the middle of a master rolls back that master's rows only."""
    UserStat.objects.update(notes=99)

    def collectors(self):
        if self.master.username == "rolf" and self.month == 6:
            raise RuntimeError("interrupted")

        def collect(note):
            self.notes += 1

        yield collect, self.add_date_filter(Note.objects.filter(user=self.master), "date")

    monkeypatch.setattr(UserStat, "summary_aggregates", {})
    monkeypatch.setattr(UserStat, "get_summary_collectors", collectors)
    with pytest.raises(RuntimeError, match="interrupted"):
        check_summaries([UserStat])
    users = get_user_model().objects.order_by("pk")
    done, interrupted = users[0], users[1]
    assert interrupted.username == "rolf"
    expected = Note.objects.filter(user=done, date__year=2024, date__month=1).count()
    assert UserStat.objects.get(master=done, year=2024, month=1).notes == expected
    assert set(UserStat.objects.filter(master=interrupted).values_list("notes", flat=True)) == {
        99}
    assert UserStat.objects.filter(master=interrupted).count() == 12
    assert set(UserStat.objects.filter(master__pk__gt=interrupted.pk)
               .values_list("notes", flat=True)) == {99}


def test_merge_deletes_the_source_rows_and_recomputes_the_target(
    django_capture_on_commit_callbacks,
):
    from lino_core_model.merge import MergePlan

    User = get_user_model()
    source = User.objects.create(username="source")
    target = User.objects.create(username="target")
    Note.objects.create(partner_id=201, user=source, date=datetime.date(2024, 5, 2), subject="x")
    check_summaries([UserStat])
    with django_capture_on_commit_callbacks(execute=True):
        MergePlan(source, target).execute()
    assert UserStat.objects.get(master=target, year=2024, month=5).notes == 1
    assert UserStat.objects.filter(master=target).count() == 12


def test_update_for_filter_takes_lookups_through_master():
    UserStat.objects.update(notes=99)
    robin = get_user_model().objects.get(username="robin")
    UserStat.update_for_filter(master=robin)
    UserStat.update_for_filter(master__username="rolf")
    assert set(UserStat.objects.filter(notes=99).values_list("master__username", flat=True)) == {
        "romain", "nathalie", "nelly"}


def test_chunks_are_atomic(monkeypatch):
    """A failure in the second chunk keeps the first chunk's results and the rest intact."""
    UserStat.objects.update(notes=99)
    calls = []
    real = engine.aggregate_expressions

    def second_fails(model):
        calls.append(model)
        if len(calls) == 2:
            raise RuntimeError("chunk failed")
        return real(model)

    monkeypatch.setattr(engine, "aggregate_expressions", second_fails)
    with pytest.raises(RuntimeError, match="chunk failed"):
        check_summaries([UserStat], chunk_size=2)
    users = list(get_user_model().objects.order_by("pk"))
    assert not UserStat.objects.filter(master__in=users[:2], notes=99).exists()
    assert UserStat.objects.filter(master__in=users[2:], notes=99).count() == 3 * 12


def test_summary_rows_are_deleted_with_their_master():
    user = get_user_model().objects.create(username="leaving")
    check_summaries([UserStat])
    assert UserStat.objects.filter(master=user).count() == 12
    user.delete()
    assert not UserStat.objects.filter(master_id=user.pk).exists()
