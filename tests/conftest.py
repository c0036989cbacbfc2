"""Fixtures shared by the tests (the demo data comes from the root conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def robin(client):
    """The test client, logged in as the demo's superuser."""
    assert client.login(username="robin", password="1234")
    return client
