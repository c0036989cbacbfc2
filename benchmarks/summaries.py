"""Benchmark of lino_summaries (not a test): ``python -m benchmarks.summaries --n 10000``.

Builds N clients with 10 contracts each in its own database (default
``sqlite:////tmp/lino_summaries_bench_<N>.sqlite3``, reused by later runs), then
computes the clients' ``active_from``/``active_until`` three ways and prints the
times, the query counts and the ratios to the floor:

(a) ``check_summaries()``: the declarative aggregates (``SummaryAggregate``);
(b) the same values through the collector API (Lino's way: per master, per row);
(c) one hand-written ``UPDATE`` with two aggregate subqueries (the floor).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

CONTRACTS_PER_CLIENT = 10
FIRST_PK = 1_000_000  # clear of the ids of any demo row


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="clients (10 contracts each)")
    parser.add_argument("--database", help="DATABASE_URL (default: a sqlite file in /tmp)")
    parser.add_argument("--skip-collectors", action="store_true",
                        help="skip (b), the slow collector API")
    return parser.parse_args()


def setup_django(url: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_project.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def insert_rows(objs: list) -> None:
    """Insert MTI rows (``bulk_create`` refuses them): one ``executemany`` per table."""
    from django.db import connection

    model = type(objs[0])
    qn = connection.ops.quote_name
    chain = [*reversed(model._meta.get_parent_list()), model]
    for obj in objs:
        for table_model in chain:
            setattr(obj, table_model._meta.pk.attname, obj.pk)
    with connection.cursor() as cursor:
        for table_model in chain:
            fields = table_model._meta.local_concrete_fields
            sql = (
                f"INSERT INTO {qn(table_model._meta.db_table)} "
                f"({', '.join(qn(f.column) for f in fields)}) "
                f"VALUES ({', '.join(['%s'] * len(fields))})"
            )
            cursor.executemany(sql, [
                [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                for obj in objs
            ])


def build(n: int) -> None:
    """N clients and 10 N contracts, unless the database has them already."""
    from django.db import transaction

    from demo_project.avanti.models import Client
    from demo_project.contracts.models import Contract

    if Client.objects.filter(pk__gte=FIRST_PK).count() == n:
        return
    start = time.perf_counter()
    with transaction.atomic():
        Contract.objects.filter(client_id__gte=FIRST_PK).delete()
        Client.objects.filter(pk__gte=FIRST_PK).delete()
        for offset in range(0, n, 10_000):
            pks = range(FIRST_PK + offset, FIRST_PK + min(offset + 10_000, n))
            insert_rows([Client(pk=pk, first_name="Bench", last_name=f"Client {pk}")
                         for pk in pks])
            day = datetime.date(2020, 1, 1)
            Contract.objects.bulk_create(
                (Contract(client_id=pk, start_date=start, end_date=start + end)
                 for pk in pks for i in range(CONTRACTS_PER_CLIENT)
                 for start in [day + datetime.timedelta(days=pk % 97 + 30 * i)]
                 for end in [datetime.timedelta(days=20 + pk % 7)]),
                batch_size=5000,
            )
    print(f"built {n} clients, {n * CONTRACTS_PER_CLIENT} contracts "
          f"in {time.perf_counter() - start:.1f} s")


def timed(action: Callable[[], None]) -> tuple[float, int]:
    """Seconds and queries of ``action`` run on cleared summary fields."""
    from django.db import connection

    from demo_project.avanti.models import Client

    Client.objects.update(active_from=None, active_until=None)
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        action()
        seconds = time.perf_counter() - start
    return seconds, count


def snapshot() -> list[tuple]:
    from demo_project.avanti.models import Client

    return list(Client.objects.order_by("pk").values_list("pk", "active_from", "active_until"))


def declarative() -> None:
    from demo_project.avanti.models import Client
    from lino_summaries.recompute import check_summaries

    check_summaries([Client])


def collectors() -> None:
    """The spec's collectors: the first contract by start date, the last by end date."""
    from demo_project.avanti.models import Client
    from demo_project.contracts.models import Contract
    from lino_summaries.recompute import check_summaries

    def get_summary_collectors(self):
        contracts = Contract.objects.filter(client=self)
        yield self.update_active_from, contracts.order_by("start_date")[0:1]
        yield self.update_active_until, contracts.exclude(end_date=None).order_by("-end_date")[0:1]

    def update_active_from(self, obj):
        self.active_from = obj.start_date

    def update_active_until(self, obj):
        self.active_until = obj.end_date

    saved = Client.summary_aggregates
    Client.summary_aggregates = {}
    Client.get_summary_collectors = get_summary_collectors
    Client.update_active_from = update_active_from
    Client.update_active_until = update_active_until
    try:
        check_summaries([Client])
    finally:
        Client.summary_aggregates = saved
        del Client.get_summary_collectors, Client.update_active_from, Client.update_active_until


def hand_written_sql() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE avanti_client SET "
            "active_from = (SELECT MIN(c.start_date) FROM contracts_contract c "
            "WHERE c.client_id = avanti_client.person_ptr_id), "
            "active_until = (SELECT MAX(c.end_date) FROM contracts_contract c "
            "WHERE c.client_id = avanti_client.person_ptr_id)"
        )


def main() -> None:
    args = parse_args()
    url = args.database or f"sqlite:////tmp/lino_summaries_bench_{args.n}.sqlite3"
    setup_django(url)
    from django.db import connection

    build(args.n)
    rows = []
    floor, floor_queries = timed(hand_written_sql)
    expected = snapshot()
    rows.append(("(c) hand-written SQL", floor, floor_queries))
    cases = [("(a) checksummaries, declarative", declarative)]
    if not args.skip_collectors:
        cases.append(("(b) collector API", collectors))
    for label, action in cases:
        seconds, queries = timed(action)
        if snapshot() != expected:
            raise SystemExit(f"{label} computed other values than the hand-written SQL")
        rows.append((label, seconds, queries))
    print(f"\nN = {args.n} clients, {args.n * CONTRACTS_PER_CLIENT} contracts, "
          f"{connection.vendor}")
    print(f"{'operation':34} {'seconds':>9} {'ratio to c':>11} {'queries':>8}")
    for label, seconds, queries in rows:
        print(f"{label:34} {seconds:9.3f} {seconds / floor:11.2f} {queries:8d}")


if __name__ == "__main__":
    main()
