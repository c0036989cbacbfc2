"""The tables of coachings, coaching types and coaching endings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lino_core_model.roles import SiteUser, has_required_roles
from lino_core_model.tables import Table

from .choicelists import PeriodEvents
from .roles import CoachingsStaff, CoachingsUser, has_coachings_role

__all__ = [
    "CoachingEndings",
    "CoachingTypes",
    "Coachings",
    "CoachingsByClient",
    "CoachingsByEnding",
    "CoachingsByUser",
    "MyCoachings",
]


def coaching_parameters(today_default: bool = False) -> dict[str, models.Field]:
    """The parameters of ``Coachings`` (with ``today_default``: the period is today)."""
    default = timezone.localdate if today_default else None
    return {
        "start_date": models.DateField(_("Period from"), blank=True, null=True,
                                       default=default),
        "end_date": models.DateField(_("until"), blank=True, null=True, default=default),
        "observed_event": PeriodEvents.field(blank=True, default="20"),
        "coached_by": models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL,
                                        blank=True, null=True, verbose_name=_("Coached by"),
                                        related_name="+"),
        "and_coached_by": models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL,
                                            blank=True, null=True, verbose_name=_("and by"),
                                            related_name="+"),
        "primary_coachings": models.BooleanField(_("Primary coachings"), blank=True,
                                                 null=True, default=None),
        "coaching_type": models.ForeignKey("coachings.CoachingType", models.SET_NULL,
                                           blank=True, null=True,
                                           verbose_name=_("Coaching type")),
        "ending": models.ForeignKey("coachings.CoachingEnding", models.SET_NULL, blank=True,
                                    null=True, verbose_name=_("Reason of termination")),
    }


class Coachings(Table):
    """Every coaching (coachings staff), filtered by period, coach, primary, type, ending."""

    model = "coachings.Coaching"
    column_names = "client start_date end_date user primary type ending"
    order_by = "start_date id"
    parameters = coaching_parameters()
    required_role: type = CoachingsStaff

    @classmethod
    def get_view_permission(cls, user: Any) -> bool:
        return has_coachings_role(user, cls.required_role)


class CoachingsByClient(Coachings):
    """The coachings of a client (any signed-in user may see them)."""

    master_key = "client"
    column_names = "start_date end_date user primary type ending"
    label = _("Coachings")

    @classmethod
    def get_view_permission(cls, user: Any) -> bool:
        return has_required_roles(user, {SiteUser})


class CoachingsByUser(Coachings):
    """The coachings of a coach."""

    master_key = "user"
    column_names = "start_date end_date client type primary"
    required_role = CoachingsUser


class MyCoachings(Coachings):
    """My coachings active today."""

    column_names = "client start_date end_date type primary"
    order_by = "client id"
    parameters = coaching_parameters(today_default=True)
    required_role = CoachingsUser
    label = _("My coachings")

    @classmethod
    def get_request_queryset(cls, ar: Any) -> models.QuerySet:
        return super().get_request_queryset(ar).filter(user=ar.get_user())


class CoachingsByEnding(Coachings):
    master_key = "ending"


class CoachingTypes(Table):
    model = "coachings.CoachingType"
    column_names = "id name does_integ does_gss eval_guestrole"
    order_by = "id"

    @classmethod
    def get_column_names(cls) -> list[str]:
        """Without ``LINO_COACHINGS_GUEST_ROLE_MODEL``, no "Role in evaluations"."""
        names = super().get_column_names()
        if not hasattr(cls.get_model(), "eval_guestrole"):
            names.remove("eval_guestrole")
        return names

    @classmethod
    def get_view_permission(cls, user: Any) -> bool:
        return has_coachings_role(user, CoachingsStaff)


class CoachingEndings(Table):
    model = "coachings.CoachingEnding"
    column_names = "seqno name type"
    hide_sum = "seqno"

    @classmethod
    def get_view_permission(cls, user: Any) -> bool:
        return has_coachings_role(user, CoachingsStaff)
