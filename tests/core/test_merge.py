"""Merge: references move, the merged row goes, atomic, with a dry run."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

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


def test_the_dry_run_counts_once_per_plan(django_assert_max_num_queries):
    """The confirmation reads the steps several times; the COUNTs run once."""
    plan = Person.objects.get(pk=203).merge_plan(Person.objects.get(pk=202))
    first = CaptureQueriesContext(connection)
    with first:
        plan.as_text()
    assert len(first) > 0
    with django_assert_max_num_queries(0):
        plan.as_text()
        plan.volatiles()
        assert plan.moves
        plan.check_delete_permission(None)


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


# -- the plan names what it does; volatiles kept or deleted; the reason recorded --

CONTRACTS, EVENTS = "contracts.Contract.client", "cal.Event.client"


def _client_rows(pk):
    from demo_project.cal.models import Event
    from demo_project.contracts.models import Contract
    from lino_coachings.models import Coaching

    return {m.__name__: set(m.objects.filter(client_id=pk).values_list("pk", flat=True))
            for m in (Contract, Event, Coaching)}


def test_summary_rows_are_announced_as_deleted_and_recomputed(
        django_capture_on_commit_callbacks):
    from demo_project.contracts.models import UserStat
    from demo_project.users.models import User

    rolf, romain = User.objects.get(username="rolf"), User.objects.get(username="romain")
    n = UserStat.objects.filter(master=rolf).count()
    assert n
    text = rolf.merge_plan(romain).as_text()
    reassigned = next(line for line in text.splitlines() if "reassigned" in line)
    assert "User statistic" not in reassigned
    assert f"{n} User statistics (master) will be deleted, those of romain recomputed." in text
    rolf_pk = rolf.pk
    with django_capture_on_commit_callbacks(execute=True):
        rolf.merge_into(romain)
    assert not UserStat.objects.filter(master_id=rolf_pk).exists()
    stored = UserStat.objects.filter(master=romain).aggregate(n=Sum("notes"))["n"]
    assert stored == Note.objects.filter(user=romain).count()


def test_volatiles_are_kept_unless_deleting_them_is_chosen():
    from demo_project.avanti.models import Client

    source, target = Client.objects.get(pk=120), Client.objects.get(pk=159)
    plan = source.merge_plan(target)
    assert {s.key for s, deleted in plan.volatiles() if not deleted} >= {CONTRACTS, EVENTS}
    moved = _client_rows(120)
    before = _client_rows(159)
    source.merge_into(target)
    after = _client_rows(159)
    assert all(after[k] == before[k] | moved[k] for k in after)


def test_deleting_the_merged_rows_contracts_names_and_deletes_them_and_their_events():
    from demo_project.avanti.models import Client
    from demo_project.cal.models import Event
    from demo_project.contracts.models import Contract

    source, target = Client.objects.get(pk=120), Client.objects.get(pk=159)
    contracts = set(Contract.objects.filter(client=source).values_list("pk", flat=True))
    events_of_contracts = set(
        Event.objects.filter(contract__in=contracts).values_list("pk", flat=True))
    assert contracts and events_of_contracts
    plan = source.merge_plan(target, delete=[CONTRACTS])
    named = {(s.key, s.action, s.via is not None): {r.pk for r in rows}
             for s, rows in plan.named_steps()}
    assert named[(CONTRACTS, "delete", False)] == contracts
    assert named[("cal.Event.contract", "delete", True)] == events_of_contracts
    assert f"{len(contracts)} Contracts (client), " in plan.as_text()
    msg = source.merge_into(target, delete=[CONTRACTS])
    assert msg.endswith(f"Deleted {len(contracts) + len(events_of_contracts)} related rows.")
    assert not Contract.objects.filter(pk__in=contracts).exists()
    assert not Event.objects.filter(pk__in=events_of_contracts).exists()
    assert _client_rows(120) == {"Contract": set(), "Event": set(), "Coaching": set()}


@pytest.mark.parametrize("kwargs", [
    {"delete": ["notes.Note.partner"]},  # protecting, not volatile
    {"delete": ["no.Such.field"]},
    {"delete": "contracts.Contract.client"},  # a text, not a list
    {"delete": [None]},
    {"reason": 123},
    {"reason": "a\x00b"},
    {"reason": "x" * 201},
])
def test_bad_merge_options_are_merge_errors_and_change_nothing(kwargs):
    from demo_project.avanti.models import Client

    source, target = Client.objects.get(pk=120), Client.objects.get(pk=159)
    before = _client_rows(120), _client_rows(159)
    with pytest.raises(MergeError):
        source.merge_into(target, **kwargs)
    assert (_client_rows(120), _client_rows(159)) == before


def test_reason_is_recorded_in_the_log_and_the_admin_history(caplog):
    from django.contrib.admin.models import CHANGE, DELETION, LogEntry

    from demo_project.users.models import User
    from lino_core_model.actions import ActionRequest

    robin = User.objects.get(username="robin")
    source, target = Person.objects.get(pk=203), Person.objects.get(pk=202)
    notes = sorted(Note.objects.filter(partner=source).values_list("pk", flat=True))
    with caplog.at_level("INFO", logger="lino_core_model.merge"):
        source.merge_into(target, ActionRequest(user=robin), reason="  Same person  ")
    assert "Reason: Same person" in caplog.text
    assert f"- move notes.Note.partner: {' '.join(map(str, notes))}" in caplog.text
    entries = {e.action_flag: e for e in LogEntry.objects.filter(user=robin)}
    assert entries[DELETION].object_id == "203"
    assert entries[DELETION].change_message == (
        "Merged into ARENS Annette (#202). Reason: Same person")
    assert entries[CHANGE].object_id == "202"
    assert entries[CHANGE].change_message.startswith("Merged ARENS Andreas into ARENS Annette.")
    assert entries[CHANGE].change_message.endswith("Reason: Same person")
