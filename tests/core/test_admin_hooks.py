"""The admin goes through the model's UI hooks (spec 002) and its workflow.

Every test posts through the test client, as a browser (or an attacker) would.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from demo_project.avanti.models import Client
from demo_project.contacts.models import Partner, Person, RoleType
from demo_project.notes.choicelists import NoteStates
from demo_project.notes.models import Note
from lino_clients.choicelists import ClientStates
from lino_coachings.models import Coaching, CoachingEnding
from lino_core_model import signals
from lino_core_model.actions import Action
from lino_core_model.api import rt

pytestmark = pytest.mark.django_db

CLIENT = "/admin/avanti/client/135/change/"  # ARSHUN Aloyoshenká, a Newcomer


def login(client, username="robin"):
    assert client.login(username=username, password="1234")
    return client


def form_data(response) -> dict:
    """What a browser posts back from this admin form page (all fields, disabled too)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = "on" if value is True else value
    return data


@pytest.fixture
def state_hooks(monkeypatch):
    calls = []
    for model in (Client, Note):
        monkeypatch.setattr(
            model, "before_state_change", lambda self, ar, old, new: calls.append(new)
        )
    return calls


# -- Workflows: the state changes only through transitions --------------------


def test_client_state_is_disabled_and_a_posted_state_ignored(client, state_hooks):
    response = login(client).get(CLIENT)
    assert response.context["adminform"].form.fields["client_state"].disabled
    data = form_data(response)
    data.update(client_state=ClientStates.incoming.value, city="Raeren")
    assert client.post(CLIENT, data).status_code == 302
    saved = Client.objects.get(pk=135)
    assert saved.city == "Raeren"  # the rest of the form was saved
    assert saved.client_state is ClientStates.newcomer
    assert state_hooks == []


def test_note_state_is_disabled_and_a_posted_state_ignored(client, state_hooks):
    note = Note.objects.filter(state=NoteStates.draft).first()
    url = f"/admin/notes/note/{note.pk}/change/"
    data = form_data(login(client).get(url))
    data.update(state=NoteStates.done.value, subject="Changed")
    assert client.post(url, data).status_code == 302
    note.refresh_from_db()
    assert (note.subject, note.state) == ("Changed", NoteStates.draft)
    assert state_hooks == []


def test_a_new_client_starts_in_the_default_state(client):
    url = "/admin/avanti/client/add/?client_state=" + ClientStates.former.value
    response = login(client).get(url)
    data = form_data(response)
    assert data["client_state"] == ClientStates.newcomer.value  # the URL presets nothing
    data.update(client_state=ClientStates.former.value, first_name="New", last_name="Comer")
    assert client.post(url, data).status_code == 302
    assert Client.objects.get(first_name="New").client_state is ClientStates.newcomer


@pytest.mark.urls("tests.core.hooks_urls")
def test_state_is_disabled_in_an_editable_list(client, state_hooks):
    note = Note.objects.filter(state=NoteStates.draft).order_by("pk").first()
    response = login(client).get("/hooks/notes/note/")
    formset = response.context["cl"].formset
    form = next(f for f in formset.forms if f.instance.pk == note.pk)
    assert form.fields["state"].disabled and not form.fields["subject"].disabled
    data = {
        formset.management_form.add_prefix(n): v for n, v in formset.management_form.initial.items()
    }
    for f in formset.forms:
        data.update({f.add_prefix(n): f[n].value() for n in f.fields})
    data.update(
        {
            form.add_prefix("state"): NoteStates.done.value,
            form.add_prefix("subject"): "Listed",
            "_save": "Save",
        }
    )
    assert client.post("/hooks/notes/note/", data).status_code == 302
    note.refresh_from_db()
    assert (note.subject, note.state) == ("Listed", NoteStates.draft)
    assert state_hooks == []


# -- UI hooks: on_create, the save sequences and their signals ----------------


def test_on_create_makes_the_requesting_user_the_coach(client):
    rolf = rt.login("rolf").user
    form = login(client, "rolf").get("/admin/coachings/coaching/add/").context["adminform"].form
    assert form["user"].value() == rolf.pk


def test_before_ui_save_ends_a_terminated_coaching(client):
    coaching = Coaching.objects.get(pk=2)  # rolf's, open
    url = f"/admin/coachings/coaching/{coaching.pk}/change/"
    data = form_data(login(client, "rolf").get(url))
    data["ending"] = CoachingEnding.objects.filter(type__isnull=True).first().pk
    assert client.post(url, data).status_code == 302
    coaching.refresh_from_db()
    assert coaching.end_date == timezone.localdate()


def test_a_save_refused_by_a_hook_is_a_message_and_saves_nothing(client):
    coaching = Coaching.objects.get(pk=2)
    url = f"/admin/coachings/coaching/{coaching.pk}/change/"
    data = form_data(login(client, "rolf").get(url))
    future = timezone.localdate() + datetime.timedelta(days=30)
    # before_ui_save ends it today, before it starts: refused, not a 500
    data.update(start_date=future, ending=CoachingEnding.objects.first().pk)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Date period ends before it started." in response.content.decode()
    coaching.refresh_from_db()
    assert (coaching.start_date, coaching.end_date, coaching.ending) == (
        datetime.date(2024, 1, 1),
        None,
        None,
    )


@pytest.fixture
def recorded(monkeypatch):
    """Every UI hook and signal of RoleType, in the order they run."""
    calls = []

    def hook(name):
        def record(self, ar, *args):
            calls.append((name, ar.get_user().username))

        return record

    for name in ("before_ui_save", "after_ui_create"):
        monkeypatch.setattr(RoleType, name, hook(name))
    original_after = RoleType.after_ui_save
    monkeypatch.setattr(
        RoleType,
        "after_ui_save",
        lambda self, ar, cw: (
            calls.append(("after_ui_save", cw is None)),
            original_after(self, ar, cw),
        ),
    )
    for name in ("save_new_instance", "save_existing_instance"):
        original = getattr(RoleType, name)
        monkeypatch.setattr(
            RoleType,
            name,
            lambda self, *a, _n=name, _o=original: (calls.append((_n,)), _o(self, *a)),
        )

    receivers = {
        signals.pre_ui_save: lambda sender, instance, ar, **kw: calls.append(("pre_ui_save",)),
        signals.post_ui_save: lambda sender, instance, ar, cw, **kw: calls.append(
            ("post_ui_save",)
        ),
        signals.on_ui_created: lambda sender, ar, **kw: calls.append(
            ("on_ui_created", sender.name)
        ),
        signals.on_ui_updated: lambda sender, watcher, ar, **kw: calls.append(
            ("on_ui_updated", watcher.get_updates())
        ),
    }
    senders = {s: None if s is signals.on_ui_created else RoleType for s in receivers}
    for signal, receiver in receivers.items():
        signal.connect(receiver, sender=senders[signal])
    yield calls
    for signal, receiver in receivers.items():
        assert signal.disconnect(receiver, sender=senders[signal])


def test_admin_add_runs_the_insert_sequence(client, recorded):
    assert login(client).post("/admin/contacts/roletype/add/", {"name": "Cook"}).status_code == 302
    assert recorded == [
        ("save_new_instance",),
        ("pre_ui_save",),
        ("before_ui_save", "robin"),
        ("on_ui_created", "Cook"),
        ("after_ui_create", "robin"),
        ("after_ui_save", True),
        ("post_ui_save",),
    ]
    assert RoleType.objects.filter(name="Cook").exists()


def test_admin_change_runs_the_update_sequence(client, recorded):
    response = login(client).post("/admin/contacts/roletype/1/change/", {"name": "Boss"})
    assert response.status_code == 302
    assert recorded == [
        ("save_existing_instance",),
        ("pre_ui_save",),
        ("before_ui_save", "robin"),
        ("on_ui_updated", [("name", "Manager", "Boss")]),
        ("after_ui_save", False),
        ("post_ui_save",),
    ]


def test_a_validation_error_of_a_hook_rolls_back(client, monkeypatch):
    def refuse(self, ar, cw):
        raise ValidationError("No cooks here.")

    monkeypatch.setattr(RoleType, "before_ui_save", refuse)
    response = login(client).post("/admin/contacts/roletype/add/", {"name": "Cook"}, follow=True)
    assert "No cooks here." in response.content.decode()
    assert not RoleType.objects.filter(name="Cook").exists()


# -- disabled_fields, hidden_elements, define_action ---------------------------


def test_disabled_fields_are_read_only_per_row(client, monkeypatch):
    monkeypatch.setattr(
        RoleType, "disabled_fields", lambda self, ar: {"name"} if self.pk == 1 else set()
    )
    login(client)
    form = client.get("/admin/contacts/roletype/1/change/").context["adminform"].form
    assert form.fields["name"].disabled
    client.post("/admin/contacts/roletype/1/change/", {"name": "Boss"})
    client.post("/admin/contacts/roletype/2/change/", {"name": "Other"})
    assert list(RoleType.objects.filter(pk__in=[1, 2]).values_list("name", flat=True)) == [
        "Manager",
        "Other",
    ]


def test_hidden_elements_leave_forms_lists_and_tables(client, monkeypatch):
    monkeypatch.setattr(Client, "hidden_elements", frozenset({"user", "city"}))
    login(client)
    data = form_data(client.get(CLIENT))
    assert "user" not in data and "city" not in data and "first_name" in data
    data.update(user=rt.login("robin").user.pk, city="Hidden")
    client.post(CLIENT, data)
    saved = Client.objects.get(pk=135)
    assert (saved.user.username, saved.city) == ("romain", "Eupen")
    changelist = client.get("/admin/avanti/client/").context["cl"]
    assert "user" not in changelist.list_display and "client_state" in changelist.list_display
    from demo_project.avanti.tables import Clients

    assert Clients.get_column_names() == ["name", "client_state", "id"]


def test_define_action_refuses_an_inherited_name():
    delete = Person.delete
    with pytest.raises(ImproperlyConfigured, match="Tried to redefine Person.delete"):
        Person.define_action(delete=Action("Delete"))
    with pytest.raises(ImproperlyConfigured, match="Tried to redefine Person.city"):
        Person.define_action(city=Action("City"))
    assert Person.delete is delete


def test_inline_rows_are_saved_through_their_hooks(client, monkeypatch):
    from lino_clients.models import ClientContact

    calls = []
    monkeypatch.setattr(ClientContact, "on_create", lambda self, ar: calls.append("on_create"))
    monkeypatch.setattr(
        ClientContact, "before_ui_save", lambda self, ar, cw: calls.append(("before", cw is None))
    )
    response = login(client).get(CLIENT)
    calls.clear()
    data = form_data(response)
    data.update({"client_contacts-0-remark": "Changed", "client_contacts-TOTAL_FORMS": 3})
    data.update({"client_contacts-2-remark": "New", "client_contacts-2-client": 135})
    assert client.post(CLIENT, data).status_code == 302
    assert ("before", False) in calls and ("before", True) in calls and "on_create" in calls
    remarks = ClientContact.objects.filter(client_id=135).values_list("remark", flat=True)
    assert {"Changed", "New"} <= set(remarks)


def test_disabled_fields_disable_row_actions(client, monkeypatch):
    url = "/admin/avanti/client/120/"  # Registered: Deactivate (wf4) is allowed
    monkeypatch.setattr(Client, "disabled_fields", lambda self, ar: {"wf4"})
    content = login(client).get(url + "change/").content.decode()
    assert 'data-action="wf4"' not in content and 'data-action="wf5"' in content
    assert client.post(url + "action/wf4/").status_code == 403
    assert Client.objects.get(pk=120).client_state is ClientStates.coached


def test_a_vetoed_delete_of_an_inline_row_is_a_message(client, monkeypatch):
    from lino_clients.models import ClientContact

    monkeypatch.setattr(ClientContact, "disable_delete", lambda self, ar=None: "Kept for audit.")
    data = form_data(login(client).get(CLIENT))
    data.update({"client_contacts-0-DELETE": "on", "city": "Raeren"})
    response = client.post(CLIENT, data, follow=True)
    assert response.status_code == 200 and "Kept for audit." in response.content.decode()
    assert ClientContact.objects.filter(client_id=135).count() == 2
    assert Client.objects.get(pk=135).city == "Eupen"  # the whole save was rolled back


def test_define_action_lets_a_subclass_specialise_an_inherited_action(monkeypatch):
    monkeypatch.setattr(Partner, "refresh_it", Action("Refresh"), raising=False)
    mine = Action("Refresh persons")
    Person.define_action(refresh_it=mine)
    try:
        assert Person.refresh_it is mine and Partner.refresh_it is not mine
        with pytest.raises(ImproperlyConfigured, match="Tried to redefine Person.refresh_it"):
            Person.define_action(refresh_it=Action("Again"))
    finally:
        del Person.refresh_it
