"""Several processes write at the same time; afterwards the invariants hold (issue 18).

Worker processes (each with its own connection) run the office mix for
``LINO_LOAD_SECONDS`` (default 20) while another one runs ``checksummaries``
in a loop: create clients with coachings, switch the primary coach, run
transitions, merge clients and persons, duplicate, delete (some vetoed), quick
search, create notes owned by clients, edit contracts. Our errors (vetoes,
``MergeError``, ``StateChanged``, a row another worker removed) are expected;
any other exception, a deadlock above all, fails the test. At the end: no
broken GFK, at most one primary coaching per client, no dangling foreign key,
every summary run completed, and summaries equal to a fresh recomputation.
It prints the operations per second and the errors by kind.
PostgreSQL and MariaDB only (``LINO_LOAD_WORKERS``, default 4).
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import random
import time
import traceback
from collections import Counter

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connections, models
from django.db.models import Count, ProtectedError, Q, RestrictedError

from demo_project.avanti.models import Client
from demo_project.contacts.models import Company, Person
from demo_project.contracts.models import Contract
from demo_project.notes.models import Note
from lino_core_model.exceptions import DeleteVetoed

SECONDS = float(os.environ.get("LINO_LOAD_SECONDS", "20"))
WORKERS = int(os.environ.get("LINO_LOAD_WORKERS", "4"))
EXPECTED = (ValidationError, DeleteVetoed, ObjectDoesNotExist)  # ours, or a row gone meanwhile
VETOES = (ProtectedError, RestrictedError)  # database errors that mean a veto


def pick(qs: models.QuerySet):
    row = qs.order_by("?").first()
    if row is None:
        raise ObjectDoesNotExist("nothing to pick")
    return row


def clients():
    return Client.objects.filter(last_name="Load")


def coach():
    from django.contrib.auth import get_user_model

    return pick(get_user_model().objects.filter(username__startswith="loadcoach"))


def create_client(rnd):
    from lino_coachings.models import Coaching

    client = Client.objects.create(first_name=f"C{rnd.randrange(10**6)}", last_name="Load")
    Coaching.objects.create(client=client, user=coach(), primary=True)


def switch_primary(rnd):
    from lino_coachings.models import Coaching

    coaching = pick(Coaching.objects.filter(client__last_name="Load"))
    coaching.primary = True
    coaching.save()


def transition(rnd):
    client = pick(clients())
    states = Client._meta.get_field("client_state").choicelist.get_list_items()
    client.set_workflow_state(None, "client_state", rnd.choice(states))


def merge_clients(rnd):
    a, b = pick(clients()), pick(clients())
    if a.pk != b.pk:
        a.merge_into(b)


def merge_persons(rnd):
    persons = Person.objects.filter(last_name="Loadperson")
    a, b = pick(persons), pick(persons)
    if a.pk != b.pk:
        a.merge_into(b)
    Person.objects.create(first_name=f"P{rnd.randrange(10**6)}", last_name="Loadperson")


def duplicate(rnd):
    pick(clients()).duplicate()


def delete(rnd):
    pick(clients()).delete()


def quick_search(rnd):
    text = rnd.choice(["load", "c1", "#1", "a b", "ö", "%"])
    list(Client.objects.filter(Client.quick_search_filter(text)).values_list("pk")[:10])


def owned_note(rnd):
    client = pick(clients())
    Note.objects.create(
        partner=Company.objects.get(name="Load notes"),  # the owner alone links it to the client
        owner=client,
        date=datetime.date(2024, 1, 1),
        subject=f"N{rnd.randrange(10**6)}",
    )


def edit_contract(rnd):
    start = datetime.date(2024, 1, 1) + datetime.timedelta(days=rnd.randrange(365))
    if rnd.random() < 0.5:
        Contract.objects.create(client=pick(clients()), start_date=start)
    else:
        contract = pick(Contract.objects.filter(client__last_name="Load"))
        contract.end_date = contract.start_date + datetime.timedelta(days=30)
        contract.save(update_fields=["end_date"])


OPS = [
    create_client,
    switch_primary,
    transition,
    merge_clients,
    merge_persons,
    duplicate,
    delete,
    quick_search,
    owned_note,
    edit_contract,
]


def worker(seed: int, deadline: float, results) -> None:
    rnd = random.Random(seed)
    done, expected, unexpected = Counter(), Counter(), Counter()
    samples, messages = [], {}
    while time.monotonic() < deadline:
        op = rnd.choice(OPS)
        try:
            op(rnd)
            done[op.__name__] += 1
        except EXPECTED as exc:
            kind = f"{op.__name__}: {type(exc).__name__}"
            cause = exc.__cause__
            # A database error hidden in ours, e.g. a deadlock; Django's own plain
            # DatabaseError ("... did not affect any rows": a row gone) is no such one.
            if (
                isinstance(cause, DatabaseError)
                and type(cause) is not DatabaseError
                and (not isinstance(cause, VETOES))
            ):
                unexpected[f"{kind} from {type(cause).__name__}"] += 1
                samples.append(f"{kind}: {exc}")
            else:
                expected[kind] += 1
                messages.setdefault(kind, str(exc)[:150])
        except Exception as exc:  # reported to the test, which fails on it
            unexpected[f"{op.__name__}: {type(exc).__name__}"] += 1
            if len(samples) < 3:
                samples.append(traceback.format_exc(limit=-12))
    connections.close_all()
    results.put((done, expected, unexpected, samples, messages))


def summary_loop(deadline: float, results) -> None:
    runs, failures, samples = 0, Counter(), []
    while time.monotonic() < deadline:
        try:
            call_command("checksummaries", verbosity=0)
            runs += 1
        except Exception as exc:  # a failed daily run
            failures[f"checksummaries: {type(exc).__name__}"] += 1
            samples.append(traceback.format_exc(limit=-4))
    connections.close_all()
    results.put((Counter(checksummaries=runs), Counter(), failures, samples[:3], {}))


def dangling_foreign_keys() -> list[str]:
    """Each foreign key of our apps that names a missing row (one query per key)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            target = field.remote_field.model._base_manager.values(field.target_field.attname)
            bad = model._base_manager.exclude(**{f"{field.attname}__isnull": True}).exclude(
                **{f"{field.attname}__in": target}
            )
            if bad.exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def summaries() -> list:
    from lino_summaries.registry import all_summary_models

    def rows(model):  # without primary keys: a run may replace the summary rows
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        return sorted(model._base_manager.values_list(*names), key=repr)

    return [rows(m) for m in all_summary_models()]


def set_up() -> None:
    from django.contrib.auth import get_user_model

    from lino_coachings.models import Coaching

    Company.objects.create(name="Load notes")
    for i in range(3):
        get_user_model().objects.create(username=f"loadcoach{i}")
    for i in range(30):
        client = Client.objects.create(first_name=f"Start{i}", last_name="Load")
        Coaching.objects.create(client=client, user=coach(), primary=True)
        Person.objects.create(first_name=f"Start{i}", last_name="Loadperson")


def test_office_load(concurrent):
    from lino_coachings.models import Coaching
    from lino_gfks.broken import broken_gfks

    set_up()
    connections.close_all()  # the children must open their own connections
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    deadline = time.monotonic() + SECONDS
    procs = [ctx.Process(target=worker, args=(seed, deadline, results)) for seed in range(WORKERS)]
    procs.append(ctx.Process(target=summary_loop, args=(deadline, results)))
    started = time.monotonic()
    for p in procs:
        p.start()
    reports = [results.get(timeout=SECONDS + 120) for _ in procs]
    for p in procs:
        p.join(30)
    elapsed = time.monotonic() - started
    done, expected, unexpected = Counter(), Counter(), Counter()
    samples, messages = [], {}
    for d, e, u, s, m in reports:
        done, expected, unexpected = done + d, expected + e, unexpected + u
        samples += s
        messages.update(m)
    ops = sum(v for k, v in done.items() if k != "checksummaries")
    print(
        f"\n{WORKERS} workers, {elapsed:.1f} s: {ops / elapsed:.1f} operations per second, "
        f"{done['checksummaries']} summary runs"
    )
    print("done:", dict(done))
    print("expected errors:", dict(expected))
    for kind, message in sorted(messages.items()):
        print(f"  {kind}: {message}")
    print("unexpected errors:", dict(unexpected))

    broken = list(broken_gfks())
    two_primaries = (
        Coaching.objects.values("client")
        .annotate(n=Count("pk", filter=Q(primary=True)))
        .filter(n__gt=1)
    )
    dangling = dangling_foreign_keys()
    print(
        f"broken GFKs: {len(broken)}, clients with two primaries: {two_primaries.count()}, "
        f"dangling foreign keys: {dangling}"
    )
    call_command("checksummaries", verbosity=0)
    after_final_run = summaries()
    call_command("checksummaries", verbosity=0)
    assert not unexpected, "\n".join(samples)
    assert done["checksummaries"] > 0
    assert broken == []
    assert not two_primaries.exists()
    assert dangling == []
    assert summaries() == after_final_run
