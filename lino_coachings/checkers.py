"""Data checkers of coached clients (``manage.py checkdata``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lino_checkdata.checkers import Checker, register
from lino_clients.choicelists import ClientStates
from lino_clients.conf import app_settings as clients_settings

from .choicelists import overlap_q
from .mixins import _coaching_model

__all__ = ["ClientChecker", "ClientCoachingsChecker"]


class ClientChecker(Checker):
    """Base of checkers on the client model; its responsible user is the primary coach."""

    @property
    def model(self) -> str:  # type: ignore[override]
        return clients_settings.CLIENT_MODEL

    def get_responsible_user(self, obj: models.Model) -> Any:
        return obj.get_primary_coach()


@register
class ClientCoachingsChecker(ClientChecker):
    """Coached clients should not be obsolete; only coached clients should have
    active coachings."""

    verbose_name = _("Check coachings")

    def get_queryset(self, model: type[models.Model]) -> models.QuerySet:
        """The clients, each knowing whether it has a coaching active today (one query)."""
        today = timezone.localdate()
        active = _coaching_model()._default_manager.filter(
            overlap_q(today, today), client=models.OuterRef("pk"))
        return super().get_queryset(model).annotate(has_active_coaching=models.Exists(active))

    def get_checkdata_problems(self, ar: Any, obj: models.Model,
                               fix: bool = False) -> Iterable[tuple[bool, Any]]:
        coached = ClientStates.get_by_name("coached")
        if coached is not None and obj.client_state == coached:
            if obj.is_obsolete:
                yield False, _("Both coached and obsolete.")
            return
        active = getattr(obj, "has_active_coaching", None)
        if active is None:
            today = timezone.localdate()
            active = obj.get_coachings((today, today)).exists()
        if active:
            yield False, _("Not coached, but with active coachings.")
