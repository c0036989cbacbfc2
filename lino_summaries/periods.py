"""Summary periods: which (year, month) rows a dated summary has, and their date filter.

``month`` holds the month (1-12) for monthly summaries and the ISO week (1-53)
for weekly ones; ``year`` is then the ISO year, so 2020-12-31 counts in week 53
of 2020 and 2021-01-03 too (Lino used calendar years and never computed week 53).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from .conf import app_settings

__all__ = ["PERIODS", "get_summary_periods"]

PERIODS = ("yearly", "monthly", "weekly", "timeless")


def iso_weeks(year: int) -> int:
    """The number of ISO weeks of ``year`` (52 or 53)."""
    return datetime.date(year, 12, 28).isocalendar().week


def get_summary_periods(period: str) -> Iterator[tuple[int | None, int | None]]:
    """The ``(year, month)`` pairs of ``period`` between the configured years."""
    if period not in PERIODS:
        raise ValueError(f"Invalid summary_period {period!r}")
    if period == "timeless":
        yield (None, None)
        return
    for year in range(app_settings.START_YEAR, app_settings.END_YEAR + 1):
        if period == "yearly":
            yield (year, None)
        elif period == "monthly":
            yield from ((year, m) for m in range(1, 13))
        else:
            yield from ((year, w) for w in range(1, iso_weeks(year) + 1))


def date_lookups(period: str, field: str, year: Any, month: Any) -> dict[str, Any]:
    """Lookups keeping the rows whose date ``field`` lies in the period (``year``, ``month``).

    ``year`` and ``month`` may be values or ``OuterRef`` expressions.
    """
    if period == "timeless":
        return {}
    if period == "weekly":
        return {f"{field}__iso_year": year, f"{field}__week": month}
    lookups = {f"{field}__year": year}
    if period == "monthly":
        lookups[f"{field}__month"] = month
    return lookups

