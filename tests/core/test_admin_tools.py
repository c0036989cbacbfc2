"""The staff page of site actions: check all summaries, check all data."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from demo_project.avanti.models import Client
from demo_project.contracts.models import UserStat
from demo_project.notes.models import Note
from demo_project.users.models import User

pytestmark = pytest.mark.django_db

URL = "/admin/tools/"


def test_page_lists_the_actions(robin):
    content = robin.get(URL).content.decode()
    assert "Check all summary data" in content
    assert "Check all data" in content


def test_check_summaries(robin):
    Client.objects.filter(pk=120).update(active_from=None)
    response = robin.post(URL, {"action": "0"}, follow=True)
    assert "Updated" in response.content.decode()
    assert "summary models." in response.content.decode()
    assert Client.objects.get(pk=120).active_from is not None


def test_a_referred_summary_row_is_kept_and_said(robin):
    """A note owned by a statistic row (stored by an ``UPDATE``: saving refuses such an
    owner) does not stop the run (issue 22, N1): the row is kept, recomputed, named."""
    call_command("checksummaries", "contracts.UserStat")
    stat = UserStat.objects.filter(master__username="robin").first()
    note = Note.objects.create(partner_id=100, date=datetime.date(2024, 5, 1), subject="S")
    Note.objects.filter(pk=note.pk).update(
        owner_type=ContentType.objects.get_for_model(stat), owner_id=stat.pk
    )
    UserStat.objects.update(notes=999)
    response = robin.post(URL, {"action": "0"}, follow=True)
    assert response.status_code == 200
    assert f"User statistic #{stat.pk} ({stat})" in response.content.decode()
    assert UserStat.objects.filter(pk=stat.pk).exists()
    assert not UserStat.objects.filter(notes=999).exists()


def test_check_data(robin):
    response = robin.post(URL, {"action": "1"}, follow=True)
    assert "problems in" in response.content.decode()


def test_non_staff_user_cannot_run_them(client):
    User.objects.create_user("guest", password="1234")
    client.login(username="guest", password="1234")
    Client.objects.filter(pk=120).update(active_from=None)
    response = client.post(URL, {"action": "0"})
    assert response.status_code == 302 and "/login/" in response.url
    assert Client.objects.get(pk=120).active_from is None


def test_unknown_action_is_refused(robin):
    assert robin.post(URL, {"action": "9"}).status_code == 403


def test_staff_role_is_required(robin, monkeypatch):
    from lino_core_model.roles import SiteUser

    monkeypatch.setattr(User, "get_user_roles", lambda self: (SiteUser,), raising=False)
    assert "You may not run any site action." in robin.get(URL).content.decode()
    Client.objects.filter(pk=120).update(active_from=None)
    assert robin.post(URL, {"action": "0"}).status_code == 403
    assert Client.objects.get(pk=120).active_from is None
