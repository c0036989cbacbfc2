"""Run every benchmark and print the tables: ``python -m benchmarks.run [--n N]``.

The database is ``--database`` (default ``sqlite:////tmp/lino_bench.sqlite3``),
never the demo's; each run empties it and fills it again.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from .data import DEFAULT_DATABASE_URL, NOTES_PER_CLIENT, setup_django
from .timing import Result, print_table

SLAVES = 10_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--n", type=int, default=100_000, help="clients (10 notes each)")
    parser.add_argument("--slaves", type=int, default=SLAVES,
                        help="slaves / references of the one row that is deleted, copied, merged")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 10N table")
    parser.add_argument("--only-search", action="store_true",
                        help="only the indexed quick search and the admin changelist (issue 16)")
    return parser.parse_args()


def at_size(n: int, slaves: int, rows: int,
            show_peak: int | None = None) -> tuple[list[Result], int]:
    """Every operation at one size, and the peak memory of ``rt.show``."""
    from . import operations, queries

    results = [
        operations.bench_disable_delete(slaves),
        operations.bench_cascaded_delete(slaves),
        operations.bench_duplicate(slaves),
        operations.bench_merge(slaves),
        *queries.bench_quick_search(n, rows),
    ]
    show, peak = queries.bench_show(rows, show_peak)
    results.append(show)
    return results, peak


def scaling(small: list[Result], large: list[Result]) -> list[list[str]]:
    return [[a.operation, a.n, f"{a.ours * 1000:.1f} ms", b.n, f"{b.ours * 1000:.1f} ms",
             f"x {b.ours / a.ours:.1f}"] for a, b in zip(small, large, strict=True)]


def run_summaries() -> None:
    """``benchmarks/summaries.py`` (written with the summaries app), if it exists."""
    if not (Path(__file__).parent / "summaries.py").exists():
        print("\nbenchmarks/summaries.py does not exist yet: checksummaries not measured.")
        return
    print("\nchecksummaries (python -m benchmarks.summaries, its own database):", flush=True)
    done = subprocess.run([sys.executable, "-m", "benchmarks.summaries"],
                          cwd=Path(__file__).resolve().parent.parent)
    if done.returncode:
        print(f"benchmarks.summaries failed (exit code {done.returncode}).")


def run_search(n: int, rows: int, grow: bool) -> None:
    """The indexed quick search and the admin changelist at N (and 10N, with growth)."""
    import rstgen

    from . import data, search

    small = search.at_size(n, rows)
    print_table(f"Indexed quick search at {rows:,} partners", small)
    if grow:
        data.grow_partners(10 * rows)
        large = search.at_size(10 * n, 10 * rows)
        print_table(f"Indexed quick search at {10 * rows:,} partners", large)
        print("\nGrowth of the indexed quick search\n")
        print(rstgen.table(["operation", "N", "time", "10N", "time", "growth", "target", "met"],
                           search.growth(small[:2], large[:2])))


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    setup_django(args.database)
    from django.db import connection

    from . import data, queries, startup

    data.generate(args.n)
    print(f"Database: {connection.vendor} {args.database}; N = {args.n:,} clients with "
          f"{NOTES_PER_CLIENT} notes each (generated in "
          f"{time.perf_counter() - started:.0f} s)")
    rows = data.scalar("SELECT COUNT(*) FROM contacts_partner")
    if args.only_search:
        run_search(args.n, rows, not args.no_scaling)
        print(f"\nTotal time {time.perf_counter() - started:.0f} s")
        return
    results, peak = at_size(args.n, args.slaves, rows)
    notes = data.scalar("SELECT COUNT(*) FROM notes_note")
    extra = [queries.bench_broken_gfks(notes), startup.bench_startup()]
    print_table("Benchmarks at N", results + [r for r in extra if r is not None])
    if not args.no_scaling:
        data.grow_partners(10 * rows)
        large, _ = at_size(10 * args.n, 10 * args.slaves, 10 * rows, peak)
        print_table("Benchmarks at 10N", large)
        import rstgen

        print("\nScaling (our time at N and at 10N)\n")
        print(rstgen.table(["operation", "N", "time", "10N", "time", "growth"],
                           scaling(results, large)))
    run_search(10 * args.n, 10 * rows, False)  # at 10N again: the ratios of issue 16
    run_summaries()
    print(f"\nTotal time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
