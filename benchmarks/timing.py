"""Timing helpers: medians of repeated runs, query counts, and the result table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REPEAT = 5


@dataclass
class Result:
    """One row of the printed table."""

    operation: str
    n: str
    ours: float  # seconds (median)
    baseline: float | None
    target: str
    queries: int | str
    met: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None

    def cells(self) -> list[str]:
        met = "n/a" if self.met is None else ("yes" if self.met else "NO")
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        base = "" if self.baseline is None else ms(self.baseline)
        return [self.operation, self.n, ms(self.ours), base, ratio, self.target,
                str(self.queries), met, self.note]


HEADERS = ["operation", "N", "ours", "baseline", "ratio", "target", "queries", "met", "note"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def median_time(fn: Callable[[Any], Any], setup: Callable[[], Any] | None = None,
                repeat: int = REPEAT) -> float:
    """The median run time of ``fn(setup())``; ``setup`` is not timed."""
    times = []
    for _ in range(repeat):
        state = setup() if setup is not None else None
        start = time.perf_counter()
        fn(state)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_queries(fn: Callable[[Any], Any], setup: Callable[[], Any] | None = None) -> list[str]:
    """The SQL of the queries ``fn(setup())`` runs (one extra, untimed run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    state = setup() if setup is not None else None
    with CaptureQueriesContext(connection) as ctx:
        fn(state)
    return [q["sql"] for q in ctx.captured_queries]


def compare(fn: Callable[[Any], Any], baseline: Callable[[Any], Any],
            setup: Callable[[], Any] | None = None,
            repeat: int = REPEAT) -> tuple[float, float, list[str]]:
    """Ours and the baseline, interleaved in the same run; and our queries."""
    ours, base, queries, _ = compare_both(fn, baseline, setup, repeat)
    return ours, base, queries


def compare_both(fn: Callable[[Any], Any], baseline: Callable[[Any], Any],
                 setup: Callable[[], Any] | None = None,
                 repeat: int = REPEAT) -> tuple[float, float, list[str], list[str]]:
    """The medians of ours and of the baseline, alternating run by run (so that a busy
    moment of the machine hits both), after an untimed warm-up run of each; and the
    queries of each (one more untimed run)."""
    median_time(fn, setup, 1)  # warm-up: caches filled, first-use queries run
    median_time(baseline, setup, 1)
    queries = count_queries(fn, setup)
    base_queries = count_queries(baseline, setup)
    ours, base = [], []
    for _ in range(repeat):
        ours.append(median_time(fn, setup, 1))
        base.append(median_time(baseline, setup, 1))
    return statistics.median(ours), statistics.median(base), queries, base_queries


def print_table(title: str, results: list[Result]) -> None:
    import rstgen

    print(f"\n{title}\n")
    print(rstgen.table(HEADERS, [r.cells() for r in results]))
