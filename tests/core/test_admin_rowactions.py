"""Workflow buttons and row actions on the change page, checked again on the server."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from demo_project.avanti.models import Client
from demo_project.users.models import User
from lino_clients.choicelists import ClientStates
from lino_core_model.actions import Action

pytestmark = pytest.mark.django_db

URL = "/admin/avanti/client/120/"


def test_change_page_shows_the_allowed_transitions(robin):
    content = robin.get(URL + "change/").content.decode()
    assert 'data-action="wf4">Deactivate<' in content  # Registered -> Inactive
    assert 'data-action="wf5">End<' in content
    assert ">Register<" not in content  # already registered


def test_transition_runs_with_its_hooks(robin, monkeypatch):
    calls = []
    monkeypatch.setattr(Client, "before_state_change",
                        lambda self, ar, old, new: calls.append(("before", old.name, new.name)))
    monkeypatch.setattr(Client, "after_state_change",
                        lambda self, ar, old, new: calls.append(("after", old.name, new.name)))
    response = robin.post(URL + "action/wf4/", follow=True)
    assert Client.objects.get(pk=120).client_state == ClientStates.inactive
    assert calls == [("before", "coached", "inactive"), ("after", "coached", "inactive")]
    assert "is now Inactive." in response.content.decode()


def test_a_transition_not_allowed_in_the_state_is_refused(robin):
    assert robin.post(URL + "action/wf3/").status_code == 403  # Register: already registered
    assert Client.objects.get(pk=120).client_state == ClientStates.coached


def test_get_does_not_run_an_action(robin):
    assert robin.get(URL + "action/wf4/").status_code == 405


def test_user_without_change_permission_is_refused(client):
    User.objects.create_user("viewer", password="1234", is_staff=True)
    client.login(username="viewer", password="1234")
    assert client.post(URL + "action/wf4/").status_code == 403
    assert Client.objects.get(pk=120).client_state == ClientStates.coached


def test_state_changed_meanwhile_is_a_message(robin, monkeypatch):
    def change_meanwhile(self, ar, old, new):
        Client.objects.filter(pk=self.pk).update(client_state=ClientStates.former.value)

    monkeypatch.setattr(Client, "before_state_change", change_meanwhile)
    content = robin.post(URL + "action/wf4/", follow=True).content.decode()
    assert "the state changed meanwhile" in content


def test_update_summaries_button(robin):
    Client.objects.filter(pk=120).update(active_from=None)
    content = robin.get(URL + "change/").content.decode()
    assert 'data-action="check_summaries"' in content
    response = robin.post(URL + "action/check_summaries/", follow=True)
    assert "Updated the summary data of" in response.content.decode()
    assert Client.objects.get(pk=120).active_from is not None


class Peek(Action):
    """A row action that changes nothing (``readonly``): it still needs the row's view."""

    label = "Peek"
    readonly = True

    def run_from_code(self, ar, obj=None, **kwargs):
        return f"Peeked at {obj}."


@pytest.fixture
def peek(monkeypatch):
    monkeypatch.setattr(Client, "peek", Peek(action_name="peek"), raising=False)
    monkeypatch.setattr(admin.site._registry[Client], "row_actions", ("peek",))


def test_a_readonly_row_action_needs_the_view_permission(client, peek):
    User.objects.create_user("nobody", password="1234", is_staff=True)
    client.login(username="nobody", password="1234")
    assert client.post(URL + "action/peek/").status_code == 403


def test_a_readonly_row_action_runs_for_a_viewer(client, peek):
    viewer = User.objects.create_user("viewer", password="1234", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_client"))
    client.login(username="viewer", password="1234")
    assert 'data-action="peek"' in client.get(URL + "change/").content.decode()
    response = client.post(URL + "action/peek/", follow=True)
    assert "Peeked at" in response.content.decode()
