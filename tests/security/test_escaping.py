"""Texts from the database reach HTML escaped, and never crash it (findings 3 and 9)."""

from __future__ import annotations

import pytest

from demo_project.avanti.models import Client
from demo_project.contacts.models import Company, Role
from demo_project.contacts.tables import RolesByPerson
from demo_project.notes.models import Note
from lino_checkdata.models import Problem
from lino_coachings.models import Coaching
from lino_core_model.actions import ActionRequest
from lino_core_model.render import to_rst
from lino_gfks.models import HelpText

pytestmark = pytest.mark.django_db

CLIENT = "/admin/avanti/client/120/change/"


def test_custom_help_text_is_escaped(robin):
    HelpText.objects.filter(field="subject").update(help_text="<img src=x onerror=alert(1)>")
    note = Note.objects.order_by("pk").first()
    for url in ("/admin/notes/note/add/", f"/admin/notes/note/{note.pk}/change/"):
        content = robin.get(url).content.decode()
        assert "&lt;img src=x onerror=alert(1)&gt;" in content
        assert "<img src=x" not in content


def test_control_character_in_a_panel(robin):
    """A reason of termination with a vertical tab, in the coachings panel of the client."""
    ending = Coaching.objects.get(pk=1, client_id=120).ending
    ending.name = "Moved\x0baway"
    ending.save()
    response = robin.get(CLIENT)
    assert response.status_code == 200
    link = f'<a href="/admin/coachings/coachingending/{ending.pk}/change/">Moved\ufffdaway</a>'
    assert link in response.content.decode()


def test_control_character_in_a_text_of_a_panel(robin):
    Problem.objects.create(owner=Client.objects.get(pk=120), checker="x", message="Odd\x0bone")
    response = robin.get(CLIENT)
    assert response.status_code == 200
    assert "<td>Odd\ufffdone</td>" in response.content.decode()


def test_text_with_markup_in_a_panel_shows_as_typed(robin):
    Problem.objects.create(
        owner=Client.objects.get(pk=120), checker="x", message="<b>Odd</b> & <i>odder</i>"
    )
    content = robin.get(CLIENT).content.decode()
    assert "<td>&lt;b&gt;Odd&lt;/b&gt; &amp; &lt;i&gt;odder&lt;/i&gt;</td>" in content


def test_control_character_in_an_element_built_from_a_name():
    """A table's summary built with etgen from a company name (the text renderer)."""
    role = Role.objects.select_related("person").filter(company__isnull=False).first()
    Company.objects.filter(pk=role.company_id).update(name="Rumma\x0bKo")
    text = to_rst(RolesByPerson, ActionRequest(RolesByPerson, master_instance=role.person))
    assert "Rumma\ufffdKo" in text
