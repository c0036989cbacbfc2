"""Period events of coachings, and the client event "Coaching" (``active``).

Importing this module (done by ``models.py``) adds ``active`` to
``lino_clients.choicelists.ClientEvents``.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_clients.choicelists import ClientEvents, ObservedEvent
from lino_core_model.choicelists import Choice, ChoiceList

__all__ = ["Active", "CoachingEvent", "Ended", "PeriodEvent", "PeriodEvents", "Started"]

Day = datetime.date | None


def overlap_q(start: Day, end: Day, prefix: str = "") -> models.Q:
    """Periods (``start_date``..``end_date``, empty end = open) overlapping
    ``start``..``end``; a None bound is ignored."""
    q = models.Q()
    if start is not None:
        q &= models.Q(**{f"{prefix}end_date__isnull": True}) | models.Q(
            **{f"{prefix}end_date__gte": start})
    if end is not None:
        q &= models.Q(**{f"{prefix}start_date__lte": end})
    return q


class PeriodEvent(Choice):
    """Something that happens to a period (a coaching) within the observed period."""

    def period_q(self, start: Day, end: Day) -> models.Q:
        raise NotImplementedError


class Started(PeriodEvent):
    def period_q(self, start, end):
        q = models.Q()
        if start is not None:
            q &= models.Q(start_date__gte=start)
        if end is not None:
            q &= models.Q(start_date__lte=end)
        return q


class Active(PeriodEvent):
    def period_q(self, start, end):
        return overlap_q(start, end)


class Ended(PeriodEvent):
    def period_q(self, start, end):
        q = models.Q(end_date__isnull=False)
        if start is not None:
            q &= models.Q(end_date__gte=start)
        if end is not None:
            q &= models.Q(end_date__lte=end)
        return q


class PeriodEvents(ChoiceList):
    """What a coaching did in the observed period (the ``observed_event`` parameter)."""

    verbose_name = _("Observed event")
    verbose_name_plural = _("Observed events")
    item_class = PeriodEvent


PeriodEvents.add_item_instance(Started("10", _("Starts"), "started"))
PeriodEvents.add_item_instance(Active("20", _("Is active"), "active"))
PeriodEvents.add_item_instance(Ended("30", _("Ends"), "ended"))


class CoachingEvent(ObservedEvent):
    """The client has a coaching overlapping the period (any coaching when no bound)."""

    def add_filter(self, qs, start_date, end_date):
        coaching = apps.get_model("coachings", "Coaching")
        active = coaching._default_manager.filter(overlap_q(start_date, end_date))
        return qs.filter(pk__in=active.values("client"))


ClientEvents.add_item_instance(CoachingEvent("active", _("Coaching"), "active"))
