"""Our operations keep their own rules: transitions run only from their required
states on every path, ``set_workflow_state`` makes only moves a transition makes,
and a state change writes only the fields it changes (no lost update)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from demo_project.avanti.models import Client
from lino_clients.choicelists import ClientStates
from lino_core_model.actions import ActionRequest
from lino_core_model.exceptions import StateChanged
from lino_core_model.workflows import allowed_transitions

pytestmark = pytest.mark.django_db


def client_in(state) -> Client:
    """Demo client 135, put into ``state``."""
    Client.objects.filter(pk=135).update(client_state=state.value)
    return Client.objects.get(pk=135)


def transition(label: str):
    return next(a for a in ClientStates.get_transitions() if str(a.label) == label)


@pytest.fixture
def robin():
    from demo_project.users.models import User

    return ActionRequest(user=User.objects.get(username="robin"))


@pytest.fixture
def hooks(monkeypatch):
    calls = []
    monkeypatch.setattr(
        Client, "before_state_change", lambda self, ar, old, new: calls.append(("before", new.name))
    )
    monkeypatch.setattr(
        Client, "after_state_change", lambda self, ar, old, new: calls.append(("after", new.name))
    )
    return calls


def test_transition_refuses_a_state_outside_its_required_states(robin, hooks):
    former = client_in(ClientStates.former)
    deactivate = transition("Deactivate")
    assert not deactivate.get_action_permission(robin, former)
    with pytest.raises(StateChanged, match="Cannot run “Deactivate” on .*: it is Ended."):
        deactivate.run_from_code(robin, former)
    assert Client.objects.get(pk=135).client_state is ClientStates.former
    assert hooks == []


def test_transition_into_the_current_state_is_refused(robin, hooks):
    coached = client_in(ClientStates.coached)
    with pytest.raises(StateChanged, match="it is Registered"):
        transition("Register").run_from_code(robin, coached)
    assert hooks == []


def test_transition_checks_the_users_permission(hooks, monkeypatch):
    coached = client_in(ClientStates.coached)
    monkeypatch.setattr(Client, "get_row_permission", lambda self, ar, state, ba: False)
    with pytest.raises(PermissionDenied):
        transition("Deactivate").run_from_code(ActionRequest(user=None), coached)
    assert Client.objects.get(pk=135).client_state is ClientStates.coached
    assert hooks == []


def test_transition_from_a_required_state_runs(robin, hooks):
    coached = client_in(ClientStates.coached)
    assert transition("Deactivate") in allowed_transitions(coached, robin)
    assert transition("Deactivate").run_from_code(robin, coached).endswith("is now Inactive.")
    assert Client.objects.get(pk=135).client_state is ClientStates.inactive
    assert hooks == [("before", "inactive"), ("after", "inactive")]


def test_set_workflow_state_refuses_a_move_no_transition_makes(hooks):
    former = client_in(ClientStates.former)
    with pytest.raises(StateChanged, match="from Ended to Equal: no transition does that"):
        former.set_workflow_state(None, "client_state", ClientStates.equal)
    with pytest.raises(StateChanged, match="is already Ended"):
        former.set_workflow_state(None, "client_state", ClientStates.former)
    assert Client.objects.get(pk=135).client_state is ClientStates.former
    assert hooks == []


@pytest.mark.parametrize("target", [None, "", "99", "nope", 123, object()])
def test_set_workflow_state_refuses_what_is_no_state(target, hooks):
    client = client_in(ClientStates.newcomer)
    with pytest.raises(StateChanged, match="not a state of"):
        client.set_workflow_state(None, "client_state", target)
    assert Client.objects.get(pk=135).client_state is ClientStates.newcomer
    assert hooks == []


def test_set_workflow_state_on_a_deleted_row_says_so():
    client = Client.objects.create(first_name="Gone", last_name="Soon")
    Client.objects.filter(pk=client.pk).delete()
    with pytest.raises(StateChanged, match="no longer exists"):
        client.set_workflow_state(None, "client_state", ClientStates.coached)


def test_a_transition_on_a_stale_row_keeps_what_others_wrote(robin):
    stale = client_in(ClientStates.newcomer)
    new_day = datetime.date(2001, 2, 3)
    assert stale.active_from != new_day
    Client.objects.filter(pk=135).update(active_from=new_day, city="Elsewhere")
    transition("Register").run_from_code(robin, stale)
    fresh = Client.objects.get(pk=135)
    assert fresh.client_state is ClientStates.coached
    assert (fresh.active_from, fresh.city) == (new_day, "Elsewhere")
    assert fresh.modified == stale.modified  # auto_now fields are written


def test_a_state_change_saves_what_its_hooks_change(monkeypatch):
    def rename(self, ar, old, new):
        self.first_name = "Renamed"

    monkeypatch.setattr(Client, "before_state_change", rename)
    client = client_in(ClientStates.newcomer)
    Client.objects.filter(pk=135).update(city="Elsewhere")
    client.set_workflow_state(None, "client_state", ClientStates.coached)
    fresh = Client.objects.get(pk=135)
    assert (fresh.first_name, fresh.city) == ("Renamed", "Elsewhere")


@pytest.mark.parametrize("field", ["nope", "city", None, 123])
def test_set_workflow_state_refuses_what_is_no_state_field(field):
    client = client_in(ClientStates.newcomer)
    with pytest.raises(StateChanged, match="has no state field"):
        client.set_workflow_state(None, field, ClientStates.coached)
    assert Client.objects.get(pk=135).client_state is ClientStates.newcomer
