"""The coachings roles, as Lino role classes and as Django permissions.

A user is a ``CoachingsUser`` when their ``get_user_roles()`` says so or when
they have the permission ``coachings.coach_clients`` (e.g. through a group);
a ``CoachingsStaff`` likewise, or with ``coachings.manage_coachings``.
Superusers have every permission; ``is_staff`` gives none.
"""

from __future__ import annotations

from typing import Any

from lino_core_model.roles import SiteUser, has_required_roles

__all__ = ["CoachingsStaff", "CoachingsUser"]


class CoachingsUser(SiteUser):
    """A user who can coach clients."""


class CoachingsStaff(CoachingsUser):
    """A user who can configure coachings and edit every coaching."""


PERMISSIONS = {
    CoachingsUser: ("coachings.coach_clients", "coachings.manage_coachings"),
    CoachingsStaff: ("coachings.manage_coachings",),
}


def has_coachings_role(user: Any, role: type[CoachingsUser]) -> bool:
    """Whether ``user`` has ``role`` (a role class or one of its Django permissions)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if has_required_roles(user, {role}):
        return True
    has_perm = getattr(user, "has_perm", None)  # a Lino user has roles, not permissions
    return has_perm is not None and any(has_perm(perm) for perm in PERMISSIONS[role])
