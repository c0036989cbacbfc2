"""Abstract models: the coachable client and the coach's user fields."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lino_clients.mixins import ClientBase
from lino_core_model.fields import displayfield
from lino_core_model.inject import inject_field

from .choicelists import overlap_q

__all__ = [
    "CoachMixin",
    "Coachable",
    "coaching_supervisor_field",
    "coaching_type_field",
    "inject_coach_fields",
]

Period = tuple[datetime.date | None, datetime.date | None]


def _coaching_model() -> type[models.Model]:
    return apps.get_model("coachings", "Coaching")


class Coachable(ClientBase):
    """Base of a client model that can be coached (``LINO_CLIENTS_CLIENT_MODEL``).

    ``is_obsolete`` (False here) may be overridden by a field or a property: the
    ``ClientCoachingsChecker`` reports coached clients that are obsolete.
    """

    is_obsolete: bool = False

    class Meta:
        abstract = True

    def get_coachings(self, period: Period | None = None, *args: Any,
                      **flt: Any) -> models.QuerySet:
        """The coachings of this client, overlapping ``period`` (a ``(start, end)``
        tuple; a None bound is ignored), filtered by ``args`` and ``flt``."""
        model = _coaching_model()
        if self.pk is None:
            return model._default_manager.none()
        qs = model._default_manager.filter(client=self)
        if period is not None:
            qs = qs.filter(overlap_q(*period))
        return qs.filter(*args, **flt)

    def get_primary_coaching(self) -> Any:
        """The one primary coaching; None when there is none or several."""
        rows = getattr(self, "primary_coachings", None)
        if rows is None:
            rows = list(self.get_coachings(primary=True).select_related("user")[:2])
        return rows[0] if len(rows) == 1 else None

    def get_primary_coach(self) -> Any:
        """The user of the one primary coaching; None when there is none or several."""
        coaching = self.get_primary_coaching()
        return None if coaching is None else coaching.user

    def setup_auto_event(self, evt: Any) -> None:
        """Give the evaluation event ``evt`` to the responsible integration coach.

        When ``evt.user`` has no integration coaching (``does_integ``) of this
        client active on ``evt.start_date`` and exactly one other coach has,
        that coach takes the event over.
        """
        day = evt.start_date
        coaches = set(self.get_coachings((day, day), type__does_integ=True)
                      .values_list("user_id", flat=True))
        if evt.user_id not in coaches and len(coaches) == 1:
            evt.user_id = coaches.pop()

    @displayfield(_("Primary coach"))
    def primary_coach(self, ar: Any) -> Any:
        return self.get_primary_coach()

    @displayfield(_("Coaches"))
    def coaches(self, ar: Any) -> str:
        """The usernames of the coaches having a coaching active today."""
        rows = getattr(self, "active_coachings", None)
        if rows is None:
            today = timezone.localdate()
            rows = self.get_coachings((today, today)).select_related("user")
        return ", ".join(str(c.user) for c in rows)

    @classmethod
    def get_user_queryset(cls, user: Any, **filter: Any) -> models.QuerySet:
        """Tables of clients prefetch the coachings behind ``primary_coach`` and
        ``coaches`` (two queries, not two per row)."""
        return with_coachings(super().get_user_queryset(user, **filter))

    @classmethod
    def get_clients_coached_by(cls, user: Any) -> models.QuerySet:
        """The clients having a primary coaching by ``user`` (each once)."""
        coachings = _coaching_model()._default_manager.filter(user=user, primary=True)
        return cls._default_manager.filter(pk__in=coachings.values("client"))

    @classmethod
    def get_parameter_fields(cls) -> dict[str, models.Field]:
        fields = super().get_parameter_fields()
        fields["coached_by"] = models.ForeignKey(
            settings.AUTH_USER_MODEL, models.SET_NULL, blank=True,
            null=True, verbose_name=_("Coached by"),
            help_text=_("Only clients having a coaching by this user."))
        return fields

    @classmethod
    def add_param_filter(cls, qs: models.QuerySet, coached_by: Any = None,
                         **kwargs: Any) -> models.QuerySet:
        if coached_by:
            coachings = _coaching_model()._default_manager.filter(user=coached_by)
            qs = qs.filter(pk__in=coachings.values("client"))
        return super().add_param_filter(qs, **kwargs)


def with_coachings(qs: models.QuerySet) -> models.QuerySet:
    """``qs`` (clients) with their primary and today's coachings prefetched."""
    coachings = _coaching_model()._default_manager.select_related("user")
    today = timezone.localdate()
    return qs.prefetch_related(
        models.Prefetch("coachings_by_client", coachings.filter(primary=True),
                        to_attr="primary_coachings"),
        models.Prefetch("coachings_by_client", coachings.filter(overlap_q(today, today)),
                        to_attr="active_coachings"),
    )


def coaching_type_field() -> models.ForeignKey:
    """The user's ``coaching_type``: the type of the coachings they start."""
    return models.ForeignKey(
        "coachings.CoachingType", models.SET_NULL, blank=True, null=True,
        verbose_name=_("Coaching type"),
        help_text=_("The coaching type used for new coachings of this user."))


def coaching_supervisor_field() -> models.BooleanField:
    """The user's ``coaching_supervisor``: told when a coach has been assigned."""
    return models.BooleanField(
        _("Coaching supervisor"), default=False,
        help_text=_("Notify me when a coach has been assigned."))


class CoachMixin(models.Model):
    """Gives the user model ``coaching_type`` and ``coaching_supervisor``."""

    coaching_type = coaching_type_field()
    coaching_supervisor = coaching_supervisor_field()

    class Meta:
        abstract = True


def inject_coach_fields(model_spec: Any = None) -> None:
    """Inject the two fields into the user model instead (call while models import)."""
    spec = model_spec or settings.AUTH_USER_MODEL
    inject_field(spec, "coaching_type", coaching_type_field())
    inject_field(spec, "coaching_supervisor", coaching_supervisor_field())
