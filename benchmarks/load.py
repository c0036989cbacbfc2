"""The office mix under load: ``python -m benchmarks.load [--database URL]``.

For 4, 8 and 16 worker processes (each with its own connection) running the
mix of ``tests/reliability/loadmix.py`` beside a ``checksummaries --chunk-size``
loop, it prints the operations per second, the errors by kind and the time of
a ``checksummaries`` run under load against its time when idle, measured on
the same data just before each round. The database (PostgreSQL, an existing
one of its own: default ``postgres://postgres@127.0.0.1:5432/lino_bench_load``)
is emptied first.
"""

from __future__ import annotations

import argparse
import statistics
import time

from .data import setup_django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lino_bench_load"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--clients", type=int, default=500, help="clients at the start")
    parser.add_argument("--seconds", type=float, default=20, help="per round")
    parser.add_argument("--workers", default="4,8,16", help="worker counts, one round each")
    return parser.parse_args()


def idle_summary_time(runs: int = 3) -> float:
    """The median time of ``checksummaries`` in chunks, nothing else running."""
    from django.core.management import call_command

    from tests.reliability.loadmix import SUMMARY_CHUNK

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call_command("checksummaries", chunk_size=SUMMARY_CHUNK, verbosity=0)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    args = parse_args()
    setup_django(args.database)
    import rstgen
    from django.core.management import call_command
    from django.db import connection

    from demo_project.avanti.models import Client
    from tests.reliability import loadmix

    if connection.vendor != "postgresql":
        raise SystemExit("The load benchmark runs on PostgreSQL.")
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    loadmix.set_up(clients=args.clients)
    print(f"{args.clients} clients set up in {time.perf_counter() - started:.0f} s")
    rows = []
    for workers in [int(w) for w in args.workers.split(",")]:
        clients = Client.objects.count()
        idle = idle_summary_time()
        report = loadmix.run(workers, args.seconds)
        loadmix.print_report(report, workers)
        print("invariants:", loadmix.invariants())
        runs = report.summary_runs
        loaded = statistics.mean(runs) if runs else float("nan")
        tried = sum(report.done.values()) + sum(report.errors.values())
        rows.append(
            [
                str(workers),
                str(clients),
                f"{tried / report.seconds:.1f}",
                str(sum(report.errors.values())),
                str(report.deadlocks),
                f"{len(runs)}/{len(runs) + len(report.summary_failures)}",
                f"{idle:.2f} s",
                f"{loaded:.2f} s",
                f"x {loaded / idle:.1f}",
            ]
        )
    print(f"\nThe office mix for {args.seconds:.0f} s per round ({connection.vendor})\n")
    print(
        rstgen.table(
            [
                "workers",
                "clients",
                "ops/s",
                "errors",
                "deadlocks",
                "summary runs ok",
                "checksummaries idle",
                "under load",
                "ratio",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
