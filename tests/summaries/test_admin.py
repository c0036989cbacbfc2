"""The admin of a summary model: its rows are computed, never added or changed by hand
(issue 22, N4: rolf's ``POST /admin/contracts/userstat/add/ master=2`` answered 500)."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client as BrowserClient

from demo_project.contracts.models import UserStat

pytestmark = pytest.mark.django_db


def login(username: str) -> BrowserClient:
    client = BrowserClient()
    assert client.login(username=username, password="1234")
    return client


@pytest.mark.parametrize("username", ["rolf", "robin"])  # an office user, the superuser
def test_nobody_adds_or_changes_a_summary_row(username):
    browser = login(username)
    stat = UserStat.objects.order_by("pk").first()
    rows, entries = UserStat.objects.count(), LogEntry.objects.count()
    rolf = get_user_model().objects.get(username="rolf")
    assert browser.get("/admin/contracts/userstat/add/").status_code == 403
    assert browser.post("/admin/contracts/userstat/add/", {"master": rolf.pk}).status_code == 403
    url = f"/admin/contracts/userstat/{stat.pk}/change/"
    response = browser.post(url, {"master": rolf.pk, "notes": 999})
    assert response.status_code == 403
    assert (UserStat.objects.count(), LogEntry.objects.count()) == (rows, entries)
    assert UserStat.objects.get(pk=stat.pk).master_id == stat.master_id
    # viewing stays
    assert browser.get("/admin/contracts/userstat/").status_code == 200
    response = browser.get(url)
    assert response.status_code == 200 and str(stat) in response.content.decode()
    assert b'name="_save"' not in response.content
