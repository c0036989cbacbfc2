"""A row's ``get_row_permission(ar, state, ba)`` is enforced on every path, not only
by hiding buttons: the admin's pages and actions, its editable list and inlines,
our row actions, merge and duplicate, and the actions run from code.

The rule used here is Lino's ``Registrable``: a row in its final state allows only
read-only actions (``state`` is the row's workflow state, ``ba`` the action).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from demo_project.avanti.models import Client
from demo_project.notes.choicelists import NoteStates
from demo_project.notes.models import Note
from lino_clients.choicelists import ClientStates
from lino_clients.models import ClientContact
from lino_core_model.actions import submit_detail
from lino_core_model.api import rt
from tests.core.test_admin_hooks import form_data

pytestmark = pytest.mark.django_db

CLIENT = "/admin/avanti/client/120/"  # coached, with a check_summaries row action


def final_in(state):
    """A ``get_row_permission`` allowing only read-only actions in ``state``."""

    def get_row_permission(self, ar, row_state, ba):
        return ba is None or ba.readonly or row_state is not state

    return get_row_permission


@pytest.fixture
def done_is_final(monkeypatch):
    monkeypatch.setattr(Note, "get_row_permission", final_in(NoteStates.done))


@pytest.fixture
def coached_is_final(monkeypatch):
    monkeypatch.setattr(Client, "get_row_permission", final_in(ClientStates.coached))


def note_in(state):
    return Note.objects.filter(state=state).order_by("pk").first()


# -- The change, delete and history pages -------------------------------------


def test_change_page_of_a_refused_row_is_read_only_and_a_post_is_refused(robin, done_is_final):
    note = note_in(NoteStates.done)
    url = f"/admin/notes/note/{note.pk}/change/"
    response = robin.get(url)
    assert response.status_code == 200 and not response.context["has_change_permission"]
    assert 'name="_save"' not in response.content.decode()
    posted = {"partner": note.partner_id, "date": note.date, "subject": "Changed", "body": ""}
    assert robin.post(url, posted).status_code == 403
    assert Note.objects.get(pk=note.pk).subject == note.subject


def test_change_page_of_an_allowed_row_saves(robin, done_is_final):
    note = note_in(NoteStates.draft)
    url = f"/admin/notes/note/{note.pk}/change/"
    data = {**form_data(robin.get(url)), "subject": "Changed"}
    assert robin.post(url, data).status_code == 302
    assert Note.objects.get(pk=note.pk).subject == "Changed"


def test_delete_page_of_a_refused_row_is_refused(robin, done_is_final):
    note = note_in(NoteStates.done)
    url = f"/admin/notes/note/{note.pk}/delete/"
    assert robin.get(url).status_code == 403
    assert robin.post(url, {"post": "yes"}).status_code == 403
    assert Note.objects.filter(pk=note.pk).exists()


def test_a_row_refusing_its_detail_refuses_its_pages(robin, monkeypatch):
    note = note_in(NoteStates.done)
    monkeypatch.setattr(Note, "get_row_permission", lambda self, ar, state, ba: self.pk != note.pk)
    for page in ("change", "history"):
        assert robin.get(f"/admin/notes/note/{note.pk}/{page}/").status_code == 403
    other = note_in(NoteStates.draft)
    assert robin.get(f"/admin/notes/note/{other.pk}/history/").status_code == 200


# -- The changelist: delete selected, editable list ---------------------------


def test_delete_selected_with_a_refused_row_deletes_nothing(robin, done_is_final):
    selected = [note_in(NoteStates.draft).pk, note_in(NoteStates.done).pk]
    for step in ({}, {"post": "yes"}):  # the confirmation page, then the confirmed delete
        response = robin.post("/admin/notes/note/", {
            "action": "delete_selected", "_selected_action": selected, **step}, follow=True)
        assert "You may not delete" in response.content.decode()
        assert Note.objects.filter(pk__in=selected).count() == 2


@pytest.mark.urls("tests.core.hooks_urls")  # notes with list_editable = subject, state
def test_editable_list_ignores_a_refused_row(robin, done_is_final):
    done, draft = note_in(NoteStates.done), note_in(NoteStates.draft)
    formset = robin.get("/hooks/notes/note/").context["cl"].formset
    forms = {f.instance.pk: f for f in formset.forms}
    assert forms[done.pk].fields["subject"].disabled
    assert not forms[draft.pk].fields["subject"].disabled
    data = {formset.management_form.add_prefix(n): v
            for n, v in formset.management_form.initial.items()}
    for form in formset.forms:
        data.update({form.add_prefix(n): form[n].value() for n in form.fields})
    data.update({forms[done.pk].add_prefix("subject"): "Listed done",
                 forms[draft.pk].add_prefix("subject"): "Listed draft", "_save": "Save"})
    assert robin.post("/hooks/notes/note/", data).status_code == 302
    assert Note.objects.get(pk=done.pk).subject == done.subject
    assert Note.objects.get(pk=draft.pk).subject == "Listed draft"


# -- Inline rows ----------------------------------------------------------------


@pytest.fixture
def contacts_are_final(monkeypatch):
    monkeypatch.setattr(ClientContact, "get_row_permission",
                        lambda self, ar, state, ba: ba is None or ba.readonly)


def test_an_inline_row_that_refuses_its_change_is_not_saved(robin, contacts_are_final):
    url = "/admin/avanti/client/135/change/"
    data = {**form_data(robin.get(url)), "client_contacts-0-remark": "Changed", "city": "Raeren"}
    assert robin.post(url, data).status_code == 302
    assert Client.objects.get(pk=135).city == "Raeren"  # the client itself may change
    assert "Changed" not in ClientContact.objects.filter(client_id=135).values_list(
        "remark", flat=True)


def test_an_inline_row_that_refuses_its_delete_is_kept(robin, contacts_are_final):
    url = "/admin/avanti/client/135/change/"
    data = {**form_data(robin.get(url)), "client_contacts-0-DELETE": "on", "city": "Raeren"}
    response = robin.post(url, data)
    assert response.status_code == 200 and "You may not delete" in response.content.decode()
    assert ClientContact.objects.filter(client_id=135).count() == 2
    assert Client.objects.get(pk=135).city == "Eupen"  # nothing saved, the form shown again


# -- Row actions, workflow buttons, merge and duplicate ------------------------


def test_a_row_action_on_a_refused_row_is_refused(robin, coached_is_final):
    Client.objects.filter(pk=120).update(active_from=None)
    assert 'data-action="check_summaries"' not in robin.get(CLIENT + "change/").content.decode()
    assert robin.post(CLIENT + "action/check_summaries/").status_code == 403
    assert Client.objects.get(pk=120).active_from is None


def test_a_state_change_on_a_refused_row_is_refused(robin, coached_is_final):
    content = robin.get(CLIENT + "change/").content.decode()
    assert 'data-action="wf4"' not in content  # Deactivate
    assert robin.post(CLIENT + "action/wf4/").status_code == 403
    assert Client.objects.get(pk=120).client_state is ClientStates.coached


def test_an_unknown_row_action_is_not_found(robin):
    assert robin.post(CLIENT + "action/no_such_action/").status_code == 404


def _merge_120_into_159(robin):
    return robin.post("/admin/avanti/client/", {
        "action": "merge_selected", "_selected_action": ["120", "159"], "source": "120",
        "target": "159", "confirm": "yes"}, follow=True).content.decode()


def test_merging_a_refused_row_is_refused(robin, coached_is_final):
    assert "You have no permission to merge." in _merge_120_into_159(robin)
    assert Client.objects.filter(pk=120).exists()


def test_merging_a_row_that_refuses_its_delete_is_refused(robin, monkeypatch):
    """The merged row goes: the row must allow its delete, not only the merge."""
    monkeypatch.setattr(Client, "get_row_permission",
                        lambda self, ar, state, ba: ba.action_name != "delete_selected")
    assert "You may not delete" in _merge_120_into_159(robin)
    assert Client.objects.filter(pk=120).exists()


def test_duplicating_a_refused_row_is_refused(robin, done_is_final):
    note = note_in(NoteStates.done)
    count = Note.objects.count()
    response = robin.post("/admin/notes/note/", {
        "action": "duplicate_selected", "_selected_action": [note.pk]}, follow=True)
    assert "You have no permission to run Duplicate." in response.content.decode()
    assert Note.objects.count() == count


# -- From code: the action asks the row, with its state -------------------------


def test_actions_run_from_code_ask_the_row_with_its_state(done_is_final, coached_is_final):
    ar = rt.login("robin")
    note, coached = note_in(NoteStates.done), Client.objects.get(pk=120)
    with pytest.raises(PermissionDenied):
        note.duplicate_row.run_from_code(ar, note)
    with pytest.raises(PermissionDenied):
        coached.check_summaries.run_from_code(ar, coached)
    with pytest.raises(PermissionDenied):
        submit_detail.check_permission(ar, note)
    draft = note_in(NoteStates.draft)
    assert submit_detail.get_action_permission(ar, draft)


def test_merging_into_a_refused_row_from_code_is_refused(coached_is_final):
    ar = rt.login("robin")
    source = Client.objects.exclude(client_state=ClientStates.coached).first()
    target = Client.objects.get(pk=120)
    with pytest.raises(PermissionDenied):
        source.merge_row.run_from_code(ar, source, target)
    assert Client.objects.filter(pk=source.pk).exists()
