"""Two writers at the same time, on PostgreSQL and MariaDB (real connections)."""

from __future__ import annotations

import threading
import time

from django.core.exceptions import ValidationError

from demo_project.avanti.models import Client
from demo_project.contacts.models import Partner, Person, RoleType
from demo_project.notes.models import Note
from lino_clients.choicelists import ClientStates
from lino_core_model import lookup
from lino_core_model.exceptions import MergeError, StateChanged

from .conftest import run_concurrently

ROUNDS = 5


def pause_after_first_call(monkeypatch, module, name: str, barrier: threading.Barrier) -> None:
    """Make each thread wait for the other after its first call of ``module.name``."""
    real = getattr(module, name)
    seen = threading.local()

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        if not getattr(seen, "done", False):
            seen.done = True
            barrier.wait()
        return result

    monkeypatch.setattr(module, name, wrapper)


def test_lookup_or_create_same_value_gives_one_row(concurrent, monkeypatch):
    """Both writers look up first (nothing found), then both try to create."""
    pause_after_first_call(monkeypatch, lookup, "_first", threading.Barrier(2, timeout=10))
    for i in range(ROUNDS):
        value = f"Race {i}"
        results = run_concurrently(
            lambda v=value: RoleType.lookup_or_create("name", v),
            lambda v=value: RoleType.lookup_or_create("name", v),
        )
        assert all(isinstance(r, RoleType) for r in results), results
        assert results[0].pk == results[1].pk
        assert RoleType.objects.filter(name__iexact=value).count() == 1


def test_state_change_from_same_old_state_one_wins(concurrent, monkeypatch):
    """Both writers read the row in the same state; the second one waits for the
    first one's row lock, then finds the state changed."""
    barrier = threading.Barrier(2, timeout=10)
    after_calls = []
    monkeypatch.setattr(
        Client, "after_state_change", lambda self, ar, old, new: after_calls.append(new)
    )
    for i in range(ROUNDS):
        after_calls.clear()
        client = Client.objects.create(first_name=f"Race{i}", last_name="Condition")
        old = client.client_state
        targets = [ClientStates.coached, ClientStates.refused]

        def change(target, pk=client.pk):
            row = Client.objects.get(pk=pk)
            barrier.wait()  # both have read the old state
            row.set_workflow_state(None, "client_state", target)

        results = run_concurrently(*[lambda t=t: change(t) for t in targets])
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], StateChanged), results
        assert "the state changed meanwhile" in str(errors[0])
        winner = targets[results.index(None)]
        assert after_calls == [winner]  # no transition hook ran twice
        assert Client.objects.get(pk=client.pk).client_state is winner != old


def test_merge_while_a_reference_is_added(concurrent, monkeypatch):
    """A note added to the merged person after its references moved, before its
    deletion: the note is refused, or the merge fails; nothing dangles."""
    moved = threading.Event()
    real_delete = Person.delete

    def delete_slowly(self, *args, **kwargs):
        moved.set()
        time.sleep(0.3)  # the other writer now tries to insert its note
        return real_delete(self, *args, **kwargs)

    monkeypatch.setattr(Person, "delete", delete_slowly)
    for i in range(ROUNDS):
        moved.clear()
        source = Person.objects.create(first_name=f"Src{i}", last_name="Merge")
        target = Person.objects.create(first_name=f"Dst{i}", last_name="Merge")
        Note.objects.create(partner=source, date="2024-01-01", subject="old")

        def add_note(source=source):
            assert moved.wait(10)
            return Note.objects.create(partner_id=source.pk, date="2024-01-02", subject="new")

        merged, added = run_concurrently(lambda s=source, t=target: s.merge_into(t), add_note)
        dangling = Note.objects.exclude(partner_id__in=Partner.objects.values("pk"))
        assert not dangling.exists()
        if isinstance(merged, str):  # merged: the late note was refused
            assert isinstance(added, ValidationError), added  # a clear error, not the database's
            assert "no longer exists" in str(added)
            assert not Partner.objects.filter(pk=source.pk).exists()
        else:  # or the merge failed cleanly and changed nothing
            assert isinstance(merged, MergeError), merged
            assert Note.objects.filter(partner_id=source.pk).count() == 2


def test_two_writers_making_different_coachings_primary(concurrent):
    """Many times, each writer makes "its" coaching primary: never two primaries."""
    from django.contrib.auth import get_user_model

    from lino_coachings.models import Coaching

    User = get_user_model()
    coaches = [User.objects.create(username=f"coach{i}") for i in range(2)]
    client = Client.objects.create(first_name="Much", last_name="Coached")
    coachings = [Coaching.objects.create(client=client, user=u) for u in coaches]
    seen_primaries = []

    def writer(pk: int) -> int:
        for _ in range(20):
            coaching = Coaching.objects.get(pk=pk)
            coaching.primary = True
            coaching.save()
            seen_primaries.append(Coaching.objects.filter(client=client, primary=True).count())
        return pk

    results = run_concurrently(*[lambda pk=c.pk: writer(pk) for c in coachings], timeout=60)
    assert results == [c.pk for c in coachings], results  # no writer saw an error
    assert max(seen_primaries) == 1
    assert Coaching.objects.filter(client=client, primary=True).count() == 1


def test_checksummaries_while_rows_are_written(concurrent):
    """Each master's summary equals its value in some committed state."""
    import datetime

    from django.core.management import call_command

    from demo_project.contracts.models import Contract

    clients = [Client.objects.create(first_name=f"Sum{i}", last_name="Mary") for i in range(5)]
    start = datetime.date(2024, 6, 1)
    committed = {c.pk: {None} for c in clients}  # every active_from a commit produced
    violations = []
    writing = threading.Event()
    writing.set()

    def writer():
        for day in range(30):
            for c in clients:
                date = start - datetime.timedelta(days=day)
                committed[c.pk].add(date)  # recorded before the commit: never missed
                Contract.objects.create(client=c, start_date=date)
        writing.clear()

    def checker():
        runs = 0
        while writing.is_set() or runs == 0:
            call_command("checksummaries", "avanti.Client", verbosity=0)
            runs += 1
            for pk, value in Client.objects.filter(
                    pk__in=committed).values_list("pk", "active_from"):
                if value not in committed[pk]:
                    violations.append((pk, value))
        return runs

    results = run_concurrently(writer, checker, timeout=120)
    assert not any(isinstance(r, Exception) for r in results), results
    assert violations == []
    call_command("checksummaries", "avanti.Client", verbosity=0)
    final = dict(Client.objects.filter(pk__in=committed).values_list("pk", "active_from"))
    assert final == {c.pk: start - datetime.timedelta(days=29) for c in clients}
