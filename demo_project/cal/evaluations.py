"""Evaluation meetings generated from a contract: one every few months of its period.

Each event is first for the contract's author; the client's
``setup_auto_event()`` gives it to the responsible integration coach when the
author no longer coaches the client on that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Event

EVERY_MONTHS = 3
OPEN_CONTRACT_MONTHS = 12  # evaluations planned for a contract without end


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the 28th at most, valid in every month)."""
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=min(day.day, 28))


def evaluation_dates(start: datetime.date, end: datetime.date | None) -> Iterator[datetime.date]:
    """Every ``EVERY_MONTHS`` months after ``start``, until ``end``."""
    last = end or add_months(start, OPEN_CONTRACT_MONTHS)
    n = 1
    while (day := add_months(start, EVERY_MONTHS * n)) <= last:
        yield day
        n += 1


def generate_evaluations(contract: Any) -> list[Event]:
    """Replace the evaluation events of ``contract`` (atomic)."""
    events = []
    for n, day in enumerate(evaluation_dates(contract.start_date, contract.end_date), 1):
        event = Event(user_id=contract.user_id, client=contract.client, contract=contract,
                      start_date=day, summary=_("Evaluation %d") % n)
        contract.client.setup_auto_event(event)
        events.append(event)
    with transaction.atomic():
        Event.objects.filter(contract=contract).delete()
        return Event.objects.bulk_create(events)
