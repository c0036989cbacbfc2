"""set_workflow_state: hooks, atomicity, the re-check of the current state."""

from __future__ import annotations

import pytest

from demo_project.notes.choicelists import NoteStates
from demo_project.notes.models import Note
from lino_core_model.exceptions import StateChanged

pytestmark = pytest.mark.django_db


def draft_note():
    return Note.objects.filter(state=NoteStates.draft).first()


def test_state_change_calls_hooks_in_order(monkeypatch):
    calls = []
    def hook(label):
        def record(self, ar, old, new):
            in_db = Note.objects.get(pk=self.pk).state.name
            calls.append((label, old.name, new.name, in_db))

        return record

    monkeypatch.setattr(Note, "before_state_change", hook("before"))
    monkeypatch.setattr(Note, "after_state_change", hook("after"))
    note = draft_note()
    note.set_workflow_state(None, "state", NoteStates.done)
    assert calls == [("before", "draft", "done", "draft"), ("after", "draft", "done", "done")]
    note.refresh_from_db()
    assert note.state is NoteStates.done


def test_state_change_accepts_a_field_and_a_value():
    note = draft_note()
    note.set_workflow_state(None, Note._meta.get_field("state"), "20")
    note.refresh_from_db()
    assert note.state == NoteStates.done


def test_concurrent_change_is_refused_and_hooks_rolled_back(monkeypatch):
    note = draft_note()
    stale = Note.objects.get(pk=note.pk)
    note.set_workflow_state(None, "state", NoteStates.cancelled)
    seen = []
    monkeypatch.setattr(Note, "after_state_change", lambda self, ar, old, new: seen.append(new))
    with pytest.raises(StateChanged, match="the state changed meanwhile"):
        stale.set_workflow_state(None, "state", NoteStates.done)
    assert seen == []
    assert Note.objects.get(pk=note.pk).state is NoteStates.cancelled


def test_failing_after_hook_rolls_back_the_change(monkeypatch):
    note = draft_note()

    def boom(self, ar, old, new):
        raise RuntimeError("boom")

    monkeypatch.setattr(Note, "after_state_change", boom)
    with pytest.raises(RuntimeError):
        note.set_workflow_state(None, "state", NoteStates.done)
    assert Note.objects.get(pk=note.pk).state is NoteStates.draft


def test_resolve_states():
    assert Note.resolve_states("draft done") == {NoteStates.draft, NoteStates.done}
    assert Note.resolve_states({NoteStates.draft}) == {NoteStates.draft}
    assert Note.resolve_states(None) is None
    with pytest.raises(ValueError, match=r"Invalid state 'nope' for notes.NoteStates \(valid: "):
        Note.resolve_states("draft nope")
