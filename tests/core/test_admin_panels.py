"""The client's page: coachings, contacts, summary values, data problems, help texts."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from demo_project.avanti.models import Client
from lino_checkdata.models import Problem
from lino_gfks.models import HelpText

pytestmark = pytest.mark.django_db

URL = "/admin/avanti/client/120/change/"


def test_coachings_and_contacts_on_the_client_page(robin):
    content = robin.get(URL).content.decode()
    assert 'id="lino-panel-coachingscoachingsbyclient"' in content
    assert content.count('<td><a href="/admin/users/user/') >= 3  # the coaches, as links
    assert 'name="client_contacts-TOTAL_FORMS" value="2"' in content


def test_summary_values_on_the_client_page(robin):
    content = robin.get(URL).content.decode()
    assert "<tr><th>Active from</th><td>2024-03-04</td></tr>" in content


def test_data_problems_on_the_client_page(robin):
    Problem.objects.create(owner_type=ContentType.objects.get_for_model(Client), owner_id=120,
                           checker="coachings.ClientCoachingsChecker", message="Odd coaching.")
    content = robin.get(URL).content.decode()
    panel = content[content.index('id="lino-panel-checkdataproblemsbyowner"'):]
    assert "<td>Odd coaching.</td>" in panel


def test_help_text_rows_change_the_help_text(robin):
    HelpText.objects.create(content_type=ContentType.objects.get_for_model(Client),
                            field="first_name", help_text="As written in the passport.")
    assert "As written in the passport." in robin.get(URL).content.decode()


def test_coaching_of_another_coach_is_read_only(client):
    client.login(username="romain", password="1234")
    url = "/admin/coachings/coaching/2/change/"  # rolf's coaching
    content = client.get(url).content.decode()
    assert 'name="_save"' not in content
    assert client.post(url, {"remark": "x"}).status_code == 403


def test_a_staff_user_works_with_clients(client):
    client.login(username="romain", password="1234")
    content = client.get(URL).content.decode()
    assert 'name="_save"' in content
    assert 'data-action="wf4"' in content  # may change the client's state
    assert client.post(URL.replace("change/", "action/wf4/")).status_code == 302
