"""``ContractsSummarized``: the client's ``active_from``/``active_until`` summary fields."""

from __future__ import annotations

from django.db import models
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from lino_summaries.aggregates import SummaryAggregate
from lino_summaries.mixins import Summarized


class ContractsSummarized(Summarized):
    """The first start date and the last end date of a client's contracts.

    Database fields (sortable, filterable), recomputed by ``checksummaries``.
    """

    active_from = models.DateField(_("Active from"), null=True, blank=True, editable=False)
    active_until = models.DateField(_("Active until"), null=True, blank=True, editable=False)

    summary_aggregates = {
        "active_from": SummaryAggregate("contracts.Contract", "client", Min("start_date")),
        "active_until": SummaryAggregate("contracts.Contract", "client", Max("end_date")),
    }

    class Meta:
        abstract = True
