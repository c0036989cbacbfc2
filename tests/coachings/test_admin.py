"""The admin: a coaching is read-only for users who are neither its coach nor staff."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from lino_coachings.models import Coaching
from lino_core_model.api import rt

pytestmark = pytest.mark.django_db


def _request(username):
    request = RequestFactory().get("/")
    request.user = rt.login(username).user
    return request


def test_change_permission_per_row():
    admin = site._registry[Coaching]
    coaching = Coaching.objects.get(pk=2)  # rolf's
    assert admin.has_change_permission(_request("rolf"), coaching)
    assert not admin.has_change_permission(_request("romain"), coaching)
    assert admin.has_view_permission(_request("romain"), coaching)
    assert admin.has_change_permission(_request("nelly"), coaching)  # coachings staff
    assert not admin.has_delete_permission(_request("romain"), coaching)


def test_admin_save_excludes_the_acting_user_from_the_notification(client_135):
    from demo_project.users.models import Message

    Message.objects.all().delete()
    admin = site._registry[Coaching]
    coaching = Coaching(client=client_135, user=rt.login("rolf").user)
    admin.save_model(_request("nelly"), coaching, None, False)
    assert list(Message.objects.values_list("user__username", flat=True)) == ["rolf"]
