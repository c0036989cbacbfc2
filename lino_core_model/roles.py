"""User roles, as in Lino: classes, checked with ``issubclass``.

A Django user has the roles returned by its ``get_user_roles()`` method when it
has one, or by a function in :data:`ROLE_SOURCES` that knows it (in a Lino site:
a Lino user, by its user type). Otherwise the roles come from explicit Django permissions (given to
the user or to one of their groups), never from ``is_staff``: an active
superuser is ``SiteAdmin``; ``lino_core_model.site_staff`` makes ``SiteStaff``
(who is also an ``Expert``), ``lino_core_model.expert`` makes ``Expert``; every
other active user is a ``SiteUser``. Anonymous and inactive users have no role.
The permissions are declared on :class:`lino_core_model.models.SiteRole`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _


class UserRole:
    """Base of every role."""


class SiteUser(UserRole):
    """An authenticated user."""


class Expert(SiteUser):
    """A user who may run expert actions (e.g. merge)."""


class SiteStaff(Expert):
    """A user who may run the site tools and view site-wide data (e.g. every
    user's data problems)."""


class SiteAdmin(SiteStaff):
    """Every permission."""


#: ``(codename, name)`` of the permission that gives each role, strongest first.
ROLE_PERMISSIONS: dict[type[UserRole], tuple[str, Any]] = {
    SiteStaff: ("site_staff", _("Site staff: runs the site tools, sees every data problem")),
    Expert: ("expert", _("Expert: may merge rows")),
}


#: Functions giving the roles of users that have no ``get_user_roles()``: each returns
#: the roles of a user it knows, or None. ``lino_core_model.lino_adapter`` adds one
#: for Lino's users (their user type's roles).
ROLE_SOURCES: list[Callable[[Any], Iterable[type[UserRole]] | None]] = []


def role_permission(role: type[UserRole]) -> str:
    """The ``app_label.codename`` of the permission that gives ``role``."""
    return f"lino_core_model.{ROLE_PERMISSIONS[role][0]}"


def user_roles(user: Any) -> tuple[type[UserRole], ...]:
    """The role classes of ``user`` (a Django user or None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    getter = getattr(user, "get_user_roles", None)
    if getter is not None:
        return tuple(getter())
    for source in ROLE_SOURCES:
        roles = source(user)
        if roles is not None:
            return tuple(roles)
    if not getattr(user, "is_active", True):
        return ()
    if getattr(user, "is_superuser", False):
        return (SiteAdmin,)
    has_perm = getattr(user, "has_perm", None)
    for role in ROLE_PERMISSIONS:  # strongest first: one role says it all
        if has_perm is not None and has_perm(role_permission(role)):
            return (role,)
    return (SiteUser,)


def has_required_roles(user: Any, required: Iterable[type[UserRole]]) -> bool:
    """Whether ``user`` has at least one role that satisfies each required role."""
    roles = user_roles(user)
    return all(any(issubclass(r, req) for r in roles) for req in required)

__all__ = [
    "ROLE_PERMISSIONS",
    "ROLE_SOURCES",
    "Expert",
    "SiteAdmin",
    "SiteStaff",
    "SiteUser",
    "UserRole",
    "has_required_roles",
    "role_permission",
    "user_roles",
]
