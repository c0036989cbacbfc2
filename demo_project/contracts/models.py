"""``Contract`` (a client's contract with a period) and ``UserStat`` (monthly user statistics)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from lino_core_model.models import Model
from lino_summaries.aggregates import SummaryAggregate
from lino_summaries.mixins import MonthlySlaveSummary


class Contract(Model):
    """A contract of a client from ``start_date`` to ``end_date`` (open when empty)."""

    allow_cascaded_delete = "client"

    client = models.ForeignKey(
        "avanti.Client", models.CASCADE, verbose_name=_("Client"), related_name="contracts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name=_("Author"),
        blank=True, null=True, related_name="contracts",
    )
    start_date = models.DateField(_("Start date"))
    end_date = models.DateField(_("End date"), blank=True, null=True)

    class Meta:
        verbose_name = _("Contract")
        verbose_name_plural = _("Contracts")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="contracts_contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        client = getattr(self, "client", None)  # None on a new row (AttributeError)
        return f"{client or ''} {self.start_date or ''}..{self.end_date or ''}".strip()


class UserStat(MonthlySlaveSummary):
    """Per user and month: the notes written and the contracts started (like Lino's userstats)."""

    summary_period = "monthly"
    delete_them_all = True

    master = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, verbose_name=_("User"),
        related_name="user_stats",
    )
    notes = models.IntegerField(_("Notes"), default=0, editable=False)
    contracts = models.IntegerField(_("Contracts"), default=0, editable=False)

    summary_aggregates = {
        "notes": SummaryAggregate("notes.Note", "user", Count("pk"), date_field="date"),
        "contracts": SummaryAggregate(
            "contracts.Contract", "user", Count("pk"), date_field="start_date"
        ),
    }

    class Meta(MonthlySlaveSummary.Meta):
        verbose_name = _("User statistic")
        verbose_name_plural = _("User statistics")
        ordering = ["master", "year", "month"]

    def __str__(self) -> str:
        master = getattr(self, "master", None)  # None on a new row (AttributeError)
        month = "" if self.month is None else f"{self.month:02d}"
        return f"{master or ''} {self.year or ''}-{month}".strip()
