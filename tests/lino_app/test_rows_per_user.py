"""Tables that choose their own rows per user show the same rows in Lino's web UI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings

pytest.importorskip(
    "lino", reason="Lino is not installed: scripts/test-lino runs these tests in .venv-lino"
)

pytestmark = pytest.mark.django_db


def signed_in(client: Any, username: str) -> Any:
    client.force_login(settings.SITE.models.users.User.objects.get(username=username))
    return client


def grid_messages(client: Any, url: str) -> list[str]:
    response = client.get(url, {"fmt": "json", "limit": 100})
    assert response.status_code == 200, response.content
    return sorted(str(row) for row in json.loads(response.content)["rows"])


@pytest.fixture
def problems() -> dict[str, Any]:
    """One data problem for robin (site admin) and one for romain (a plain user)."""
    models = settings.SITE.models
    client = models.care.Client.objects.first()
    users = {u.username: u for u in models.users.User.objects.all()}
    return {
        name: models.checkdata.Problem.objects.create(
            owner=client, checker="test.Checker", message=f"problem of {name}", user=users[name]
        )
        for name in ("robin", "romain")
    }


def test_a_user_sees_their_own_data_problems_in_lino(client, problems):
    """Our Problems table shows a user their own problems: Lino's actor too."""
    rows = grid_messages(signed_in(client, "romain"), "/api/checkdata/Problems")
    assert any("problem of romain" in row for row in rows)
    assert not any("problem of robin" in row for row in rows)


def test_site_staff_see_every_data_problem_in_lino(client, problems):
    rows = grid_messages(signed_in(client, "robin"), "/api/checkdata/Problems")
    assert any("problem of romain" in row for row in rows)
    assert any("problem of robin" in row for row in rows)


def test_lino_users_have_our_roles_by_their_user_type():
    from lino_core_model.roles import SiteAdmin, SiteStaff, SiteUser, user_roles

    User = settings.SITE.models.users.User
    assert user_roles(User.objects.get(username="robin")) == (SiteUser, SiteStaff, SiteAdmin)
    assert user_roles(User.objects.get(username="romain")) == (SiteUser,)
