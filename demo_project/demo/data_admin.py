"""Admin permissions of the demo's staff users (robin is a superuser and needs none).

rolf, romain, nathalie and nelly work with contacts, clients, notes and
contracts in the admin; the coachings permissions come from
``data_coachings.py``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

OFFICE_APPS = ["contacts", "avanti", "clients", "notes", "contracts", "cal"]
OFFICE_USERS = ["rolf", "romain", "nathalie", "nelly"]


def load_admin_data() -> None:
    """The "Office" group: every permission on the office apps, viewing the data problems."""
    group = Group.objects.create(name="Office")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=OFFICE_APPS)
                          | Permission.objects.filter(content_type__app_label="checkdata",
                                                      codename="view_problem"))
    group.user_set.set(get_user_model().objects.filter(username__in=OFFICE_USERS))
