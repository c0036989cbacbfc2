"""The settings of ``lino_coachings``, read at access time (``override_settings`` works).

``LINO_COACHINGS_MULTIPLE_PRIMARY_COACHINGS`` (default ``False``)
    One primary coaching per client *and coaching type* instead of per client.
    The shipped migration reads it too: set it before the first ``migrate``.

``LINO_COACHINGS_GUEST_ROLE_MODEL`` (default ``None``)
    The guest-role model (e.g. ``"cal.GuestRole"``): coaching types then have
    ``eval_guestrole``, their role in evaluation meetings. Without it they have
    no such field. Read by the shipped migrations: set it before the first ``migrate``.

``LINO_COACHINGS_NOTIFY_BY_EMAIL`` (default ``False``)
    Also e-mail "a coach has been assigned" through Django's mail backend.

``LINO_COACHINGS_COACHING_TYPE_MODEL`` (default ``"coachings.CoachingType"``)
    ``CoachingType``'s ``Meta.swappable`` setting: a project's migration that
    points at coaching types (``CoachMixin``) then depends on our
    ``0001_initial``, which needs none of the project's models. ``ready()`` sets
    it unless the project does; it must keep its default (``lino_coachings.E004``).

The client model is ``LINO_CLIENTS_CLIENT_MODEL`` (see ``lino_clients.conf``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "LINO_COACHINGS_"

DEFAULTS: dict[str, Any] = {
    "MULTIPLE_PRIMARY_COACHINGS": False,
    "NOTIFY_BY_EMAIL": False,
    "GUEST_ROLE_MODEL": None,
}


class AppSettings:
    """One property per setting, each read from Django's settings when accessed."""

    def _get(self, name: str) -> Any:
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    @property
    def MULTIPLE_PRIMARY_COACHINGS(self) -> bool:
        return bool(self._get("MULTIPLE_PRIMARY_COACHINGS"))

    @property
    def NOTIFY_BY_EMAIL(self) -> bool:
        return bool(self._get("NOTIFY_BY_EMAIL"))

    @property
    def GUEST_ROLE_MODEL(self) -> str | None:
        return self._get("GUEST_ROLE_MODEL")


app_settings = AppSettings()

#: The ``Meta.swappable`` settings of our models and their only supported value.
SWAPPABLE_DEFAULTS = {"LINO_COACHINGS_COACHING_TYPE_MODEL": "coachings.CoachingType"}

__all__ = ["AppSettings", "app_settings"]
