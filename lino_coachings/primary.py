"""The primary coach: at most one primary coaching per client (per client and
type with ``LINO_COACHINGS_MULTIPLE_PRIMARY_COACHINGS``).

The database guarantees it with a conditional unique constraint where the
backend has one (SQLite, PostgreSQL). Every save of a primary coaching first
locks the client row (``lino_core_model.locks``), then unchecks the other
primary coachings, in the transaction of the save: concurrent writers wait for
each other instead of failing. Where conditional constraints are missing
(MariaDB, system check ``lino_coachings.W001``) that lock is the only
guarantee, and a writer bypassing ``save()`` can break it.

Unchecking is a side effect on other rows: when the save has an acting user,
it is refused unless that user may edit every coaching it would uncheck
(:func:`foreign_primaries`).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lino_core_model.locks import lock_for_write

from .conf import app_settings

CONSTRAINT_NAME = "coachings_one_primary_per_client"
MESSAGE = _("This client already has a primary coaching.")
FOREIGN_MESSAGE = _("Making this coaching primary would take the primary flag from "
                    "%(coaching)s, which you may not edit.")


def primary_constraint(per_type: bool | None = None) -> models.UniqueConstraint:
    """The unique constraint on primary coachings (per type when ``per_type``).

    ``per_type`` defaults to the setting. Coachings without type count as one
    type (hence ``Coalesce``: NULLs would never collide in a unique index).
    """
    if per_type is None:
        per_type = app_settings.MULTIPLE_PRIMARY_COACHINGS
    if per_type:
        return models.UniqueConstraint(
            models.F("client"), Coalesce("type", models.Value(0)),
            condition=models.Q(primary=True), name=CONSTRAINT_NAME + "_and_type",
            violation_error_message=MESSAGE,
        )
    return models.UniqueConstraint(
        fields=["client"], condition=models.Q(primary=True), name=CONSTRAINT_NAME,
        violation_error_message=MESSAGE,
    )


def other_primaries(coaching: Any) -> models.QuerySet:
    """The primary coachings that ``coaching`` (when primary) must uncheck."""
    qs = type(coaching)._default_manager.filter(client_id=coaching.client_id, primary=True)
    if app_settings.MULTIPLE_PRIMARY_COACHINGS:
        qs = qs.filter(type_id=coaching.type_id) if coaching.type_id else qs.filter(
            type__isnull=True)
    return qs.exclude(pk=coaching.pk) if coaching.pk is not None else qs


def foreign_primaries(coaching: Any, user: Any) -> models.QuerySet:
    """The primary coachings that ``coaching`` would uncheck although ``user``
    may not edit them (none for coachings staff)."""
    qs = other_primaries(coaching)
    if coaching.can_edit_all(user):
        return qs.none()
    return qs.exclude(user_id=getattr(user, "pk", None))


def lock_client(client_model: type[models.Model], client_id: Any, using: str) -> None:
    """Lock the client row until the end of the transaction (no-op on SQLite), the
    way and in the order every operation locks it (``lino_core_model.locks``)."""
    lock_for_write(client_model, [client_id], using)


def uncheck_other_primaries(coaching: Any, using: str, user: Any = None) -> int:
    """Lock the client, then uncheck every other conflicting primary coaching
    (one UPDATE). Call inside the transaction that saves ``coaching``. With a
    ``user``, first refuse (``ValidationError``) when one of them is not theirs
    to edit."""
    client_model = type(coaching)._meta.get_field("client").related_model
    lock_client(client_model, coaching.client_id, using)
    if user is not None:
        check_foreign_primaries(coaching, user, using)
    return other_primaries(coaching).using(using).update(primary=False)


def check_foreign_primaries(coaching: Any, user: Any, using: str | None = None) -> None:
    """Raise a ``ValidationError`` on ``primary`` when making ``coaching`` primary
    would uncheck a coaching that ``user`` may not edit."""
    if not coaching.primary:
        return
    foreign = foreign_primaries(coaching, user).select_related("user", "client")
    first = (foreign.using(using) if using else foreign).first()
    if first is not None:
        raise ValidationError({"primary": FOREIGN_MESSAGE % {"coaching": first}})


def merge_primaries(sender: Any, **kwargs: Any) -> None:
    """``pre_merge`` receiver: before a client's coachings move to the merge
    target, uncheck those that would be a second primary there."""
    source, target = sender.source, sender.target
    coaching_model = apps.get_model("coachings", "Coaching")
    client_model = coaching_model._meta.get_field("client").related_model
    if not isinstance(source, client_model):
        return
    kept = coaching_model._default_manager.filter(client_id=target.pk, primary=True)
    moving = coaching_model._default_manager.filter(client_id=source.pk, primary=True)
    if app_settings.MULTIPLE_PRIMARY_COACHINGS:
        types = set(kept.values_list("type_id", flat=True))
        if not types:
            return
        q = models.Q(type__in=types - {None})
        moving = moving.filter(q | models.Q(type__isnull=True) if None in types else q)
    elif not kept.exists():
        return
    moving.update(primary=False)

__all__ = [
    "check_foreign_primaries",
    "foreign_primaries",
    "lock_client",
    "merge_primaries",
    "other_primaries",
    "primary_constraint",
    "uncheck_other_primaries",
]
