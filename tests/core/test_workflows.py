"""Workflows, states, transitions and ChangeStateAction."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from demo_project.contacts.models import Partner
from demo_project.notes.choicelists import NoteStates
from demo_project.notes.models import Note
from lino_core_model.actions import Action
from lino_core_model.roles import SiteStaff, role_permission
from lino_core_model.workflows import ChangeStateAction, State, Workflow, allowed_transitions


def request_by(site_staff: bool) -> SimpleNamespace:
    """A minimal action request of a signed-in user (with the site staff permission)."""
    user = SimpleNamespace(is_authenticated=True, is_superuser=False, is_staff=True,
                           has_perm=lambda perm: site_staff and perm == role_permission(SiteStaff))
    return SimpleNamespace(user=user)


USER, STAFF = request_by(False), request_by(True)


def make_workflow():
    """A fresh workflow with three states (tests that change a workflow use their own)."""
    wf = type("TaskStates", (Workflow,), {"__module__": __name__})
    wf.add_item("30", "Closed", "closed")
    wf.add_item("10", "New", "new", button_text="☐")
    wf.add_item("20", "Started", "started")
    return wf


def note_in(state):
    """A note of the demo data, put into ``state``."""
    note = Note.objects.order_by("pk").first()
    Note.objects.filter(pk=note.pk).update(state=state)
    note.refresh_from_db()
    return note


# -- Workflow and State -------------------------------------------------------


def test_workflow_defaults():
    wf = make_workflow()
    assert wf.item_class is State and isinstance(wf.new, State)
    assert str(wf.verbose_name) == "State" and str(wf.field().verbose_name) == "State"
    assert wf.column_names == "value name text button_text"
    headers = [wf.get_column_header(n) for n in wf.column_names.split()]
    assert headers == ["value", "name", "text", "Button text"]
    assert [wf.get_column_value(n, wf.new) for n in wf.column_names.split()] == [
        "10", "new", "New", "☐"]


def test_workflow_items_are_sorted_by_value():
    assert [s.value for s in make_workflow().get_list_items()] == ["10", "20", "30"]


def test_hooks_are_no_ops_by_default():
    assert Workflow.before_state_change(None, None, None, None) is None
    assert Workflow.after_state_change(None, None, None, None) is None


# -- add_transition ------------------------------------------------------------


def test_add_transition_creates_a_change_state_action():
    wf = make_workflow()
    action = wf.started.add_transition("Start", help_text="Begin work", required_states="new")
    assert isinstance(action, ChangeStateAction) and isinstance(action, Action)
    assert action.target_state is wf.started and action.required_states == {wf.new}
    assert (action.label, action.help_text, action.action_name) == ("Start", "Begin work", "wf1")
    assert action.show_in_workflow and not action.readonly
    assert wf.get_transitions() == [action]


def test_transition_defaults_come_from_the_state():
    wf = make_workflow()
    wf.add_item("40", "Held", "held", help_text="Waiting")
    to_new = wf.new.add_transition(name="reset")
    to_held = wf.held.add_transition()
    assert (to_new.label, to_new.button_text, to_new.action_name) == ("☐", "☐", "reset")
    assert (str(to_held.label), to_held.help_text) == ("Held", "Waiting")
    assert to_held.action_name == "wf2"
    assert to_held.required_states is None and to_held.required_roles == frozenset()


def test_required_states_may_be_a_set_of_states_or_names():
    wf = make_workflow()
    a = wf.closed.add_transition(required_states={wf.new, "started"})
    assert a.required_states == {wf.new, wf.started}


def test_unknown_required_state_is_refused():
    wf = make_workflow()
    msg = "Invalid state 'open' for tests.core.test_workflows.TaskStates"
    with pytest.raises(ValueError, match=msg):
        wf.closed.add_transition(required_states="new open")
    assert wf.get_transitions() == []


def test_another_transition_for_the_same_move_is_refused():
    wf = make_workflow()
    wf.closed.add_transition("Close", required_states="new")
    msg = "^Tried to add another transition to <.*TaskStates.closed:30>$"
    with pytest.raises(ValueError, match=msg):
        wf.closed.add_transition("Close again", required_states="new started")
    with pytest.raises(ValueError, match="Tried to add another transition"):
        wf.closed.add_transition("Close always")
    wf.closed.add_transition("Finish", required_states="started")  # another move: allowed
    assert len(wf.get_transitions()) == 2


def test_duplicate_transition_name_is_refused():
    wf = make_workflow()
    wf.closed.add_transition(name="close")
    with pytest.raises(ValueError, match="^Duplicate transition name close$"):
        wf.new.add_transition(name="close")


def test_label_may_be_an_action_class():
    class Close(ChangeStateAction):
        label = "Close it"

    wf = make_workflow()
    action = wf.closed.add_transition(Close, required_states="started")
    assert type(action) is Close and action.label == "Close it"
    with pytest.raises(ValueError, match="^Duplicate transition class Close$"):
        wf.new.add_transition(Close)


def test_state_outside_a_workflow_has_no_transitions():
    with pytest.raises(ValueError, match="to a workflow before"):
        State("1", "One", "one").add_transition()


def test_clear_and_remove_item_forget_transitions():
    wf = make_workflow()
    wf.closed.add_transition()
    keep = wf.new.add_transition()
    wf.remove_item(wf.closed)
    assert wf.get_transitions() == [keep]
    wf.clear()
    assert wf.get_transitions() == [] and wf.get_list_items() == []


def test_subclass_copies_states_but_not_transitions():
    wf = make_workflow()
    wf.closed.add_transition()

    class Other(wf, inherit_items=True):
        pass

    assert [s.name for s in Other.get_list_items()] == ["new", "started", "closed"]
    assert Other.get_transitions() == [] and isinstance(Other.new, State)


# -- permissions and running -------------------------------------------------------


def done_action():
    return next(a for a in NoteStates.get_transitions() if a.target_state is NoteStates.done)


@pytest.mark.django_db
def test_permission_depends_on_the_state():
    action = done_action()
    assert action.get_action_permission(USER, note_in(NoteStates.draft))
    assert not action.get_action_permission(USER, note_in(NoteStates.done))  # already there
    assert not action.get_action_permission(USER, note_in(NoteStates.cancelled))  # not required
    assert action.get_action_permission(USER, None, NoteStates.draft)
    assert not action.get_action_permission(USER, None, NoteStates.cancelled)


@pytest.mark.django_db
def test_permission_defers_to_roles():
    wf = make_workflow()
    action = wf.closed.add_transition(required_roles={SiteStaff})
    assert not action.get_action_permission(USER, None, wf.new)
    assert action.get_action_permission(STAFF, None, wf.new)


@pytest.mark.django_db
def test_allowed_transitions():
    names = {str(a.label) for a in allowed_transitions(note_in(NoteStates.draft), USER)}
    assert names == {"Mark as done", "Cancel"}
    reopen = allowed_transitions(note_in(NoteStates.cancelled), USER)
    assert [str(a.label) for a in reopen] == ["Reopen"]
    assert allowed_transitions(Partner.objects.first(), USER) == []


@pytest.mark.django_db
def test_run_from_code_changes_the_state_through_the_hooks(monkeypatch):
    calls = []
    monkeypatch.setattr(
        NoteStates, "before_state_change",
        classmethod(lambda cls, obj, ar, old, new: calls.append(("before", old, new))),
    )
    monkeypatch.setattr(
        NoteStates, "after_state_change",
        classmethod(lambda cls, obj, ar, old, new: calls.append(("after", old, new))),
    )
    note = note_in(NoteStates.draft)
    msg = done_action().run_from_code(USER, note)
    assert msg == f"{note} is now Done."
    assert calls == [("before", NoteStates.draft, NoteStates.done),
                     ("after", NoteStates.draft, NoteStates.done)]
    assert Note.objects.get(pk=note.pk).state is NoteStates.done


@pytest.mark.django_db
def test_run_on_a_model_of_another_workflow_is_refused():
    wf = make_workflow()
    action = wf.closed.add_transition()
    note = note_in(NoteStates.draft)
    with pytest.raises(ImproperlyConfigured, match="names no field of tests.core.test_workflows"):
        action.run_from_code(USER, note)
    assert Note.objects.get(pk=note.pk).state is NoteStates.draft
