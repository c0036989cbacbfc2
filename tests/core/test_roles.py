"""Roles come from explicit permissions (of the user or a group), never from ``is_staff``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from demo_project.users.models import User
from lino_core_model.roles import (
    Expert,
    SiteAdmin,
    SiteStaff,
    SiteUser,
    has_required_roles,
    role_permission,
    user_roles,
)

pytestmark = pytest.mark.django_db


def _user(name: str, *codenames: str, **kwargs) -> User:
    user = User.objects.create_user(name, is_staff=True, **kwargs)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="lino_core_model", codename__in=codenames)
    )
    return User.objects.get(pk=user.pk)  # no cached permissions


def test_is_staff_gives_no_role_but_siteuser():
    assert user_roles(_user("clerk")) == (SiteUser,)
    assert not has_required_roles(_user("clerk2"), {Expert})


def test_roles_from_permissions():
    assert user_roles(_user("expert", "expert")) == (Expert,)
    staff = _user("staff", "site_staff")
    assert user_roles(staff) == (SiteStaff,)
    assert has_required_roles(staff, {Expert})  # site staff are experts too
    assert user_roles(_user("both", "site_staff", "expert")) == (SiteStaff,)
    assert role_permission(SiteStaff) == "lino_core_model.site_staff"


def test_roles_from_a_group():
    group = Group.objects.create(name="Experts")
    group.permissions.set(Permission.objects.filter(codename="expert"))
    user = _user("member")
    user.groups.add(group)
    assert user_roles(User.objects.get(pk=user.pk)) == (Expert,)


def test_superuser_anonymous_and_inactive():
    assert user_roles(User.objects.get(username="robin")) == (SiteAdmin,)
    assert user_roles(AnonymousUser()) == ()
    assert user_roles(None) == ()
    assert user_roles(_user("gone", "site_staff", is_active=False)) == ()


def test_demo_users():
    roles = {u.username: user_roles(u) for u in User.objects.all()}
    assert roles == {
        "robin": (SiteAdmin,),
        "rolf": (SiteUser,),
        "romain": (SiteUser,),
        "nathalie": (SiteUser,),
        "nelly": (SiteUser,),
    }
