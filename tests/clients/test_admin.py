"""Admin pages of client contacts, their types and the demo's clients."""

from __future__ import annotations

import pytest

from demo_project.avanti.models import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/admin/clients/clientcontact/",
    "/admin/clients/clientcontacttype/",
    "/admin/avanti/client/",
    "/admin/clients/clientcontact/1/change/",
])
def test_pages_show(robin, url):
    assert robin.get(url).status_code == 200


def test_client_page_has_its_contacts_inline(robin):
    content = robin.get("/admin/avanti/client/120/change/").content.decode()
    assert 'name="client_contacts-TOTAL_FORMS" value="2"' in content


def test_client_delete_page_shows_the_veto(robin):
    url = "/admin/avanti/client/120/delete/"
    content = robin.get(url, follow=True).content.decode()
    assert "because 2 Client Contacts refer to it." in content
    robin.post(url, {"post": "yes"})
    assert Client.objects.filter(pk=120).exists()
