"""User roles, as in Lino: classes, checked with ``issubclass``.

A Django user has the roles returned by its ``get_user_roles()`` method when it
has one; otherwise superusers are ``SiteAdmin``, staff users ``SiteStaff`` and
other active users ``SiteUser``; anonymous users have no role.
"""

from __future__ import annotations

from collections.abc import Iterable


class UserRole:
    """Base of every role."""


class SiteUser(UserRole):
    """An authenticated user."""


class Expert(SiteUser):
    """A user who may run expert actions (e.g. merge)."""


class SiteStaff(Expert):
    """A user who may configure the site."""


class SiteAdmin(SiteStaff):
    """Every permission."""


def user_roles(user) -> tuple[type[UserRole], ...]:
    """The role classes of ``user`` (a Django user or None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    getter = getattr(user, "get_user_roles", None)
    if getter is not None:
        return tuple(getter())
    if user.is_superuser:
        return (SiteAdmin,)
    if user.is_staff:
        return (SiteStaff,)
    return (SiteUser,)


def has_required_roles(user, required: Iterable[type[UserRole]]) -> bool:
    """Whether ``user`` has at least one role that satisfies each required role."""
    roles = user_roles(user)
    return all(any(issubclass(r, req) for r in roles) for req in required)
