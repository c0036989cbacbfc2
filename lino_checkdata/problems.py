"""Store what data checkers find: one ``Problem`` row per unfixed problem.

Connected to :data:`lino_checkdata.checkers.problems_found` in ``ready()``. For
each checked row, the messages stored earlier by that checker are replaced
by the new ones (none when the row is fine or every problem was fixed).

Who sees which problems (:func:`visible_problems`): each user their own (they
are its responsible user), site staff every problem.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from lino_core_model.roles import SiteStaff, has_required_roles

from .checkers import Checker, Problem, get_checker


def is_registered(checker: Checker) -> bool:
    """Whether ``checker`` is the registered checker of its value."""
    try:
        return type(get_checker(checker.value)) is type(checker)
    except LookupError:
        return False


def store_problems(
    sender: type[Checker],
    checker: Checker,
    obj: models.Model,
    problems: list[Problem],
    fix: bool = False,
    **kwargs: Any,
) -> None:
    """Replace the stored problems of ``obj`` found by ``checker``; atomic.

    Stored are only the problems of registered checkers (a stored problem
    names its checker by value, as Lino's choicelist of checkers does) in rows
    with an integer primary key (the owner id is an integer); the others are
    reported by ``checkdata`` but not stored.
    """
    from .models import Problem as StoredProblem

    if not isinstance(obj.pk, int) or not is_registered(checker):
        return
    owner_type = ContentType.objects.get_for_model(obj)
    user = checker.get_responsible_user(obj) if problems else None
    with transaction.atomic(using=obj._state.db):
        StoredProblem.objects.filter(
            owner_type=owner_type, owner_id=obj.pk, checker=checker.value
        ).delete()
        StoredProblem.objects.bulk_create(
            StoredProblem(
                owner_type=owner_type, owner_id=obj.pk, checker=checker.value,
                message=str(p.message)[:2000], fixable=p.fixable, user=user,
            )
            for p in problems
            if not p.fixed
        )


def visible_problems(qs: models.QuerySet, user: Any) -> models.QuerySet:
    """The stored problems of ``qs`` that ``user`` may see: all for ``SiteStaff``
    (and for code running without a user, ``user`` None), else their own."""
    if user is None or has_required_roles(user, {SiteStaff}):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user=user)

__all__ = ["store_problems", "visible_problems"]
