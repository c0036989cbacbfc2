"""The office mix of issue 18, run by worker processes, and the invariants after it.

Used by ``tests/reliability/test_load.py`` and ``benchmarks/load.py``. Each
worker is a process of its own (``spawn``: nothing inherited but the
arguments) with its own database connection to the database that the parent
names: the test database pytest-django created, or the benchmark's. Workers
run a random mix of our operations for a bounded time; one more process runs
``checksummaries`` in chunks in a loop beside them. Nothing here is imported
at module level from Django models: a spawned child imports this module before
it has set Django up.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

OFFICE = "Load office"  # the partner every note is about (never merged nor deleted)
COACHES = "loadcoach"  # the username prefix of the coaches
SUMMARY_CHUNK = 20  # masters per transaction of the checksummaries loop


# -- in a worker ---------------------------------------------------------------


def setup_child(database_name: str, lock_owners: bool) -> None:
    """Set Django up in a spawned child, on the parent's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_project.settings")
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database_name  # before any connection
    import django

    django.setup()
    from lino_gfks import owners

    owners.LOCK_OWNERS = lock_owners


def pick(qs, rng: random.Random):
    """A random row of ``qs`` (two indexed queries); ObjectDoesNotExist when empty."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.db.models import Max, Min

    bounds = qs.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        raise ObjectDoesNotExist("nothing to pick")
    row = qs.filter(pk__gte=rng.randint(bounds["lo"], bounds["hi"])).order_by("pk").first()
    if row is None:
        raise ObjectDoesNotExist("picked a row that vanished")
    return row


def a_date(rng: random.Random) -> datetime.date:
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(330))


def coach(rng: random.Random):
    from django.contrib.auth import get_user_model

    return pick(get_user_model().objects.filter(username__startswith=COACHES), rng)


def create_client(rng: random.Random) -> None:
    """A client with a primary coaching, maybe a second one, a contract; and a person."""
    from django.db import transaction

    from demo_project.avanti.models import Client
    from demo_project.contacts.models import Person
    from demo_project.contracts.models import Contract
    from lino_coachings.models import Coaching

    with transaction.atomic():
        client = Client.objects.create(first_name=f"C{rng.randrange(10**6)}", last_name="Load")
        Coaching.objects.create(client=client, user=coach(rng), primary=True)
        if rng.random() < 0.5:
            Coaching.objects.create(client=client, user=coach(rng))
        Contract.objects.create(client=client, user=coach(rng), start_date=a_date(rng))
    Person.objects.create(first_name=f"P{rng.randrange(10**6)}", last_name="Loadperson")


def switch_primary(rng: random.Random) -> None:
    from lino_coachings.models import Coaching

    coaching = pick(Coaching.objects.all(), rng)
    coaching.primary = True
    coaching.save()


def transition(rng: random.Random) -> None:
    """One of the transitions the client's state allows."""
    from demo_project.avanti.models import Client

    client = pick(Client.objects.all(), rng)
    choicelist = Client._meta.get_field("client_state").choicelist
    allowed = [t for t in choicelist.get_transitions() if t.starts_from(client.client_state)]
    if allowed:
        client.set_workflow_state(None, "client_state", rng.choice(allowed).target_state)


def merge_clients(rng: random.Random) -> None:
    from demo_project.avanti.models import Client

    source, target = pick(Client.objects.all(), rng), pick(Client.objects.all(), rng)
    if source.pk != target.pk:
        source.merge_into(target)


def merge_persons(rng: random.Random) -> None:
    from demo_project.contacts.models import Person

    persons = Person.objects.filter(last_name="Loadperson")
    source, target = pick(persons, rng), pick(persons, rng)
    if source.pk != target.pk:
        source.merge_into(target)


def duplicate(rng: random.Random) -> None:
    from demo_project.avanti.models import Client

    pick(Client.objects.all(), rng).duplicate()


def delete(rng: random.Random) -> None:
    """Vetoed when the client owns notes."""
    from demo_project.avanti.models import Client

    pick(Client.objects.all(), rng).delete()


def quick_search(rng: random.Random) -> None:
    from demo_project.avanti.models import Client

    text = rng.choice(["load", "c1", "#12", "a b", "ö", "%_", "Loadperson"])
    list(Client.objects.filter(Client.quick_search_filter(text)).values_list("pk")[:20])


def owned_note(rng: random.Random) -> None:
    """A note about the office owned by a client: only the GFK links it to the client."""
    from demo_project.avanti.models import Client
    from demo_project.contacts.models import Partner
    from demo_project.notes.models import Note

    Note.objects.create(
        partner=Partner.objects.get(name=OFFICE),
        owner=pick(Client.objects.all(), rng),
        user=coach(rng),
        date=a_date(rng),
        subject=f"N{rng.randrange(10**6)}",
    )


def edit_contract(rng: random.Random) -> None:
    """A new contract for a client, or a new end date of one."""
    from demo_project.avanti.models import Client
    from demo_project.contracts.models import Contract

    if rng.random() < 0.5:
        client = pick(Client.objects.all(), rng)
        Contract.objects.create(client=client, user=coach(rng), start_date=a_date(rng))
        return
    contract = pick(Contract.objects.all(), rng)
    contract.end_date = contract.start_date + datetime.timedelta(days=rng.randrange(400))
    contract.save(update_fields=["end_date"])


#: The mix: operation and weight (creation outweighs merge and delete).
OPS: list[tuple[Callable[[random.Random], None], int]] = [
    (create_client, 4),
    (switch_primary, 3),
    (transition, 3),
    (merge_clients, 1),
    (merge_persons, 1),
    (duplicate, 1),
    (delete, 1),
    (quick_search, 3),
    (owned_note, 4),
    (edit_contract, 3),
]


def chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from."""
    found = []
    while exc is not None and exc not in found:
        found.append(exc)
        exc = exc.__cause__ or exc.__context__
    return found


def is_deadlock(exc: BaseException) -> bool:
    """A lock conflict (deadlock, lock wait timeout), also when one of ours wraps it."""
    from lino_core_model.locks import is_lock_conflict

    return any(is_lock_conflict(e) for e in chain(exc))


def error_kind(exc: BaseException) -> str:
    """``MergeError``, ``DEADLOCK OperationalError``, ``RAW IntegrityError``,
    ``RAW MergeError from IntegrityError``...: ``RAW`` marks what is not one of our
    errors (a veto, a ``ValidationError`` such as ``MergeError``, a row gone
    meanwhile), or one of ours hiding a database error other than a veto."""
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from django.db import DatabaseError
    from django.db.models import ProtectedError, RestrictedError

    from lino_core_model.exceptions import DeleteVetoed

    name = type(exc).__name__
    if is_deadlock(exc):
        return f"DEADLOCK {name}"
    inner = next(
        (
            e
            for e in chain(exc)[1:]
            if isinstance(e, DatabaseError) and not isinstance(e, (ProtectedError, RestrictedError))
        ),
        None,
    )
    ours = isinstance(exc, (ValidationError, DeleteVetoed, ObjectDoesNotExist))
    kind = f"{name} from {type(inner).__name__}" if inner is not None else name
    return kind if ours and inner is None else f"RAW {kind}"


@dataclass
class Report:
    """What a process did: operations done and errors by kind, in ``seconds``."""

    seconds: float = 0.0
    done: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    samples: dict = field(default_factory=dict)  # one message per error kind
    summary_runs: list = field(default_factory=list)  # seconds of each completed run
    summary_failures: list = field(default_factory=list)  # messages of failed runs

    def add(self, other: Report) -> None:
        self.seconds = max(self.seconds, other.seconds)
        self.done += other.done
        self.errors += other.errors
        for kind, msg in other.samples.items():
            self.samples.setdefault(kind, msg)
        self.summary_runs += other.summary_runs
        self.summary_failures += other.summary_failures

    @property
    def deadlocks(self) -> int:
        return sum(n for kind, n in self.errors.items() if "DEADLOCK" in kind)

    @property
    def raw(self) -> dict:
        """The errors that are not ours (see :func:`error_kind`), by kind."""
        return {kind: n for kind, n in self.errors.items() if "RAW" in kind}


def worker(seed: int, database: str, lock_owners: bool, seconds: float, start, queue) -> None:
    """Run the mix for ``seconds`` after every process is ready (``start``: a barrier)."""
    setup_child(database, lock_owners)
    from django.db import connection

    rng = random.Random(seed)
    ops, weights = zip(*OPS, strict=True)
    report = Report()
    start.wait()
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        op = rng.choices(ops, weights)[0]
        try:
            op(rng)
            report.done[op.__name__] += 1
        except Exception as exc:  # counted by kind; the test judges them
            kind = f"{op.__name__}: {error_kind(exc)}"
            report.errors[kind] += 1
            report.samples.setdefault(kind, " | ".join(str(exc).split("\n"))[:300])
            connection.close_if_unusable_or_obsolete()
    report.seconds = time.monotonic() - began
    connection.close()
    queue.put(report)


def summary_loop(seed: int, database: str, lock_owners: bool, seconds: float, start, queue) -> None:
    """``checksummaries --chunk-size`` again and again, each run timed."""
    setup_child(database, lock_owners)
    from django.core.management import call_command
    from django.db import connection

    report = Report()
    start.wait()
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        t = time.monotonic()
        try:
            call_command("checksummaries", chunk_size=SUMMARY_CHUNK, verbosity=0)
            report.summary_runs.append(time.monotonic() - t)
        except Exception as exc:  # a failed daily run: the test fails on it
            report.summary_failures.append(f"{error_kind(exc)}: {str(exc)[:300]}")
            connection.close_if_unusable_or_obsolete()
    report.seconds = time.monotonic() - began
    connection.close()
    queue.put(report)


# -- in the parent -------------------------------------------------------------


def set_up(clients: int = 30, coaches: int = 4) -> None:
    """The rows the mix starts from (committed)."""
    from django.contrib.auth import get_user_model

    from demo_project.contacts.models import Partner

    for i in range(coaches):
        get_user_model().objects.get_or_create(username=f"{COACHES}{i}")
    Partner.objects.get_or_create(name=OFFICE)
    rng = random.Random(0)
    for _ in range(clients):
        create_client(rng)


def run(workers: int, seconds: float, lock_owners: bool = True, summaries: bool = True) -> Report:
    """Run ``workers`` mix processes (and the summary loop) on the current database."""
    from django.db import connection, connections

    database = connection.settings_dict["NAME"]
    connections.close_all()  # the parent holds no lock while the children run
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    targets = [worker] * workers + ([summary_loop] if summaries else [])
    start = ctx.Barrier(len(targets))
    procs = [
        ctx.Process(target=t, args=(seed, database, lock_owners, seconds, start, queue))
        for seed, t in enumerate(targets)
    ]
    for p in procs:
        p.start()
    total = Report()
    try:
        for _ in procs:
            total.add(queue.get(timeout=seconds + 120))
    finally:
        for p in procs:
            p.join(30)
            if p.is_alive():
                p.kill()
    return total


def dangling_foreign_keys() -> list[str]:
    """The foreign keys (``app.Model.field``) that name a missing row: one query each."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if not (f.many_to_one or f.one_to_one):
                continue
            targets = f.remote_field.model._base_manager.values(f.target_field.attname)
            rows = model._base_manager.exclude(**{f"{f.attname}__isnull": True})
            if rows.exclude(**{f"{f.attname}__in": targets}).exists():
                found.append(f"{model._meta.label}.{f.name}")
    return found


def wrong_summaries() -> list[str]:
    """The summaries that differ from a recomputation by plain aggregate queries."""
    from django.db.models import Count, Max, Min
    from django.db.models.functions import ExtractMonth, ExtractYear

    from demo_project.avanti.models import Client
    from demo_project.contracts.models import Contract, UserStat
    from demo_project.notes.models import Note

    wrong = []
    periods = Contract.objects.values("client").annotate(a=Min("start_date"), b=Max("end_date"))
    expected = {r["client"]: (r["a"], r["b"]) for r in periods}
    for pk, a, b in Client.objects.values_list("pk", "active_from", "active_until"):
        if (a, b) != expected.get(pk, (None, None)):
            wrong.append(f"client {pk}: {(a, b)} != {expected.get(pk)}")

    def counts(model, date_field: str) -> Counter:
        rows = (
            model.objects.filter(user__isnull=False)
            .values("user", y=ExtractYear(date_field), m=ExtractMonth(date_field))
            .annotate(n=Count("pk"))
        )
        return Counter({(r["user"], r["y"], r["m"]): r["n"] for r in rows})

    notes, contracts = counts(Note, "date"), counts(Contract, "start_date")
    for row in UserStat.objects.all():
        key = (row.master_id, row.year, row.month)
        if (row.notes, row.contracts) != (notes[key], contracts[key]):
            wrong.append(f"user stat {key}: {(row.notes, row.contracts)}")
    return wrong


def invariants() -> dict[str, Any]:
    """What must hold after the load; a final ``checksummaries`` run first."""
    from django.core.management import call_command
    from django.db.models import Count, Q

    from lino_coachings.models import Coaching
    from lino_gfks.broken import broken_gfks

    try:
        call_command("checksummaries", verbosity=0)
        final_run = "completed"
    except Exception as exc:  # reported as a violated invariant
        final_run = f"failed: {exc}"
    two_primaries = (
        Coaching.objects.values("client")
        .annotate(n=Count("pk", filter=Q(primary=True)))
        .filter(n__gt=1)
    )
    return {
        "broken GFKs": sum(1 for _ in broken_gfks()),
        "clients with two primaries": two_primaries.count(),
        "dangling foreign keys": dangling_foreign_keys(),
        "final summary run": final_run,
        "summaries unlike a recomputation": wrong_summaries()[:5],
    }


def print_report(report: Report, workers: int) -> None:
    ops = sum(report.done.values())
    failed = sum(report.errors.values())
    print(
        f"\n{workers} workers, {report.seconds:.1f} s: {ops} operations done, {failed} refused "
        f"or failed: {(ops + failed) / report.seconds:.1f} operations/s"
    )
    print("done:", dict(sorted(report.done.items())))
    print("errors by kind:")
    for kind, n in sorted(report.errors.items()):
        print(f"  {n:5d}  {kind}: {report.samples[kind]}")
    runs = report.summary_runs
    mean = sum(runs) / len(runs) if runs else float("nan")
    print(
        f"checksummaries: {len(runs)} runs completed (mean {mean:.2f} s), "
        f"{len(report.summary_failures)} failed {report.summary_failures[:3]}"
    )
