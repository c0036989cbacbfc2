"""The demo's front page points to the admin and names the demo logins."""

from __future__ import annotations


def test_front_page(client):
    content = client.get("/").content.decode()
    assert 'href="/admin/"' in content
    assert "<code>robin</code></td><td><code>1234</code>" in content
