"""Who may own a controlled row, and what the admin offers (issue 13, finding 1).

rolf is staff, not superuser: the demo's Office group lets him work with
contacts, clients and notes, not with users, sessions or permissions.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client as BrowserClient

from demo_project.contacts.admin import PersonAdmin
from demo_project.contacts.models import Company, Person
from demo_project.notes.models import Note
from lino_gfks.owners import may_own, owner_content_types, owner_models

pytestmark = pytest.mark.django_db

INTERNALS = [Session, LogEntry, Permission, Group, ContentType]


def login(username: str) -> BrowserClient:
    client = BrowserClient()
    assert client.login(username=username, password="1234")
    return client


@pytest.fixture
def rolf() -> BrowserClient:
    return login("rolf")


@pytest.fixture
def robin_session_key() -> str:
    """robin (a superuser) is logged in somewhere else."""
    return login("robin").session.session_key


@pytest.fixture
def note() -> Note:
    return Note.objects.get(subject="Visit at home")  # owned by person 211


def change_url(note: Note) -> str:
    return f"/admin/notes/note/{note.pk}/change/"


def form_data(response, **changes) -> dict:
    """The POST data of the form shown in ``response``, with ``changes``."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {k: "" if v is None else str(v) for k, v in data.items()}


def owner_type_choices(response) -> set:
    field = response.context["adminform"].form.fields["owner_type"]
    return {ct.model_class() for ct in field.queryset}


def autocomplete(client: BrowserClient, ct_model, term: str = "", field_name: str = "owner_id"):
    ct = ContentType.objects.get_for_model(ct_model)
    return client.get(
        "/admin/notes/note/owner-autocomplete/",
        {"field_name": field_name, "type": ct.pk, "term": term},
    )


def test_default_owner_models_are_ours_only():
    models = set(owner_models(Note._meta.get_field("owner")))
    assert {Person, Company, Note} <= models
    assert not models & {*INTERNALS, get_user_model().__mro__[1]}  # AbstractUser is abstract
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult not in models


def test_declared_owner_models_admit_their_children(monkeypatch):
    from demo_project.avanti.models import Client
    from demo_project.contacts.models import Partner

    gfk = Note._meta.get_field("owner")
    monkeypatch.setattr(Note, "owner_models", "contacts.Partner")
    assert owner_models(gfk) == (Partner,)
    assert may_own(gfk, Client) and not may_own(gfk, Note)
    assert {ct.model_class() for ct in owner_content_types(gfk)} == {
        Partner,
        Person,
        Company,
        Client,
        *Partner.__subclasses__(),
    }
    monkeypatch.setattr(gfk, "owner_models", [Company])  # the GFK's own argument wins
    assert owner_models(gfk) == (Company,)


def test_type_choices_exclude_django_internals(client):
    client.login(username="robin", password="1234")  # a superuser may view them all
    offered = owner_type_choices(client.get("/admin/notes/note/add/"))
    assert Person in offered and Company in offered
    assert not offered & set(INTERNALS)


def test_session_takeover_is_refused(rolf, robin_session_key, note):
    """The attack of issue 13: choose "Sessions" as type and read the keys."""
    session_type = ContentType.objects.get_for_model(Session)
    response = rolf.get(change_url(note))
    assert Session not in owner_type_choices(response)
    assert get_user_model() not in owner_type_choices(response)  # rolf may not view users
    # choosing the type and saving is refused, nothing changes
    response = rolf.post(change_url(note), form_data(response, owner_type=session_type.pk))
    assert response.status_code == 200
    assert "owner_type" in response.context["adminform"].form.errors
    note.refresh_from_db()
    assert note.owner_type == ContentType.objects.get_for_model(Person)
    # even with the type stored, the page lists no session and the search refuses
    Note.objects.filter(pk=note.pk).update(owner_type=session_type)
    assert robin_session_key not in rolf.get(change_url(note)).content.decode()
    response = autocomplete(rolf, Session)
    assert response.status_code == 403
    assert robin_session_key not in response.content.decode()


def test_search_finds_rows_through_the_owner_admin(rolf):
    response = autocomplete(rolf, Person, "Berta")
    assert response.status_code == 200
    found = json.loads(response.content)["results"]
    assert {"id": "211", "text": str(Person.objects.get(pk=211))} in found
    assert autocomplete(rolf, get_user_model()).status_code == 403  # no view_user
    assert autocomplete(rolf, Person, field_name="partner").status_code == 403  # no GFK


def test_row_the_user_may_not_view_is_refused(rolf, note, monkeypatch):
    """Row-level permissions come from the owner admin's queryset."""
    hidden = Person.objects.get(pk=212)
    real = PersonAdmin.get_queryset
    monkeypatch.setattr(
        PersonAdmin, "get_queryset", lambda self, request: real(self, request).exclude(pk=hidden.pk)
    )
    response = rolf.get(change_url(note))
    response = rolf.post(change_url(note), form_data(response, owner_id=hidden.pk))
    assert response.status_code == 200
    assert "That row is not one of the available choices" in response.content.decode()
    assert Note.objects.get(pk=note.pk).owner_id == 211
    assert "212" not in [r["id"] for r in json.loads(autocomplete(rolf, Person).content)["results"]]


def test_a_visible_row_is_accepted(rolf, note):
    response = rolf.get(change_url(note))
    company = ContentType.objects.get_for_model(Company)
    response = rolf.post(change_url(note), form_data(response, owner_type=company.pk, owner_id=104))
    assert response.status_code == 302
    assert Note.objects.get(pk=note.pk).owner == Company.objects.get(pk=104)


def test_stored_owner_the_user_may_not_view_is_kept_and_not_shown(rolf, note):
    """A note owned by a user (set by a superuser): rolf can edit the note, sees no name."""
    robin = get_user_model().objects.get(username="robin")
    Note.objects.filter(pk=note.pk).update(
        owner_type=ContentType.objects.get_for_model(robin), owner_id=robin.pk
    )
    response = rolf.get(change_url(note))
    assert "robin" not in response.content.decode().split('name="owner_id"')[1][:300]
    response = rolf.post(change_url(note), form_data(response, subject="Changed"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.subject, note.owner) == ("Changed", robin)


def test_model_validation_refuses_other_owners_and_missing_rows():
    partner = Company.objects.get(pk=100)
    note = Note(
        partner=partner,
        date=datetime.date(2024, 5, 1),
        subject="x",
        owner=Permission.objects.first(),
    )
    with pytest.raises(ValidationError) as exc:
        note.full_clean()
    assert "owner_type" in exc.value.message_dict
    with pytest.raises(ValidationError):
        note.save()
    note.owner_type, note.owner_id = ContentType.objects.get_for_model(Person), 999999
    with pytest.raises(ValidationError, match="Person #999999 no longer exists"):
        note.save()
    assert not Note.objects.filter(subject="x").exists()


def test_list_editable_owner_is_checked_too(rolf, note, monkeypatch):
    """The changelist's forms (``list_editable``) refuse the same targets."""
    from demo_project.notes.admin import NoteAdmin

    monkeypatch.setattr(NoteAdmin, "list_editable", ["owner_type", "owner_id"])
    response = rolf.get("/admin/notes/note/")
    formset = response.context["cl"].formset
    offered = {ct.model_class() for ct in formset.forms[0].fields["owner_type"].queryset}
    assert Person in offered and not offered & {*INTERNALS, get_user_model()}
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    robin = get_user_model().objects.get(username="robin")
    user_type = ContentType.objects.get_for_model(robin)
    for i, form in enumerate(formset.forms):
        data.update(
            {
                f"form-{i}-{name}": "" if form[name].value() is None else str(form[name].value())
                for name in form.fields
            }
        )
        if form.instance.pk == note.pk:
            data.update({f"form-{i}-owner_type": user_type.pk, f"form-{i}-owner_id": robin.pk})
    response = rolf.post("/admin/notes/note/", {**data, "_save": "Save"})
    assert response.status_code == 200  # the list again, with the error
    note.refresh_from_db()
    assert (note.owner_type.model_class(), note.owner_id) == (Person, 211)


def test_a_form_without_the_owner_fields_does_not_check_them(note):
    """Errors of fields a form excludes would crash it (Django's ValueError)."""
    from django.forms import modelform_factory

    Note.objects.filter(pk=note.pk).update(owner_id=999999)  # broken, e.g. by raw SQL
    note.refresh_from_db()
    form = modelform_factory(Note, fields=["subject"])({"subject": "New"}, instance=note)
    assert form.is_valid(), form.errors
    form = modelform_factory(Note, fields=["subject", "owner_type", "owner_id"])(
        {"subject": "New", "owner_type": note.owner_type_id, "owner_id": 999999}, instance=note
    )
    assert not form.is_valid() and "no longer exists" in str(form.errors["owner_id"])


def test_inline_owner_is_checked_too(rolf, monkeypatch):
    """A note added inline on a partner's page: the same types and the same refusal."""
    from django.contrib import admin

    from demo_project.contacts.admin import PartnerAdmin

    class NoteInline(admin.TabularInline):
        model = Note
        fields = ["date", "subject", "owner_type", "owner_id"]
        extra = 1

    monkeypatch.setattr(PartnerAdmin, "inlines", [NoteInline])
    url = "/admin/contacts/partner/100/change/"
    response = rolf.get(url)
    data = form_data(response)
    [inline] = response.context["inline_admin_formsets"]
    formset = inline.formset
    offered = {ct.model_class() for ct in formset.forms[0].fields["owner_type"].queryset}
    assert Person in offered and not offered & {*INTERNALS, get_user_model()}
    data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    for i, form in enumerate(formset.forms):
        data.update(
            {
                f"{formset.prefix}-{i}-{name}": ""
                if form[name].value() is None
                else str(form[name].value())
                for name in form.fields
            }
        )
    robin = get_user_model().objects.get(username="robin")
    new = len(formset.forms) - 1  # the extra form
    data.update(
        {
            f"{formset.prefix}-{new}-date": "2024-05-01",
            f"{formset.prefix}-{new}-subject": "About robin",
            f"{formset.prefix}-{new}-owner_type": str(ContentType.objects.get_for_model(robin).pk),
            f"{formset.prefix}-{new}-owner_id": str(robin.pk),
        }
    )
    response = rolf.post(url, data)
    assert response.status_code == 200  # the page again, with the error
    assert not Note.objects.filter(subject="About robin").exists()
    data[f"{formset.prefix}-{new}-owner_type"] = str(ContentType.objects.get_for_model(Person).pk)
    data[f"{formset.prefix}-{new}-owner_id"] = "211"
    assert rolf.post(url, data).status_code == 302
    assert Note.objects.get(subject="About robin").owner == Person.objects.get(pk=211)


# -- derived rows (issue 22, N1) ------------------------------------------------


def user_stat():
    from demo_project.contracts.models import UserStat

    return UserStat.objects.order_by("pk").first()


def test_derived_rows_are_no_owners_by_default(monkeypatch):
    """A note owned by a summary row would veto the recompute of everybody's summaries."""
    from demo_project.contracts.models import UserStat
    from lino_gfks.owners import is_derived, may_refer_to

    gfk = Note._meta.get_field("owner")
    assert is_derived(UserStat) and not is_derived(Person)
    assert UserStat not in owner_models(gfk) and not may_own(gfk, UserStat)
    assert UserStat not in {ct.model_class() for ct in owner_content_types(gfk)}
    assert may_refer_to(gfk, UserStat)  # a stored reference still counts (delete vetoes)
    monkeypatch.setattr(Note, "owner_models", "contracts.UserStat")  # a project may list it
    assert may_own(gfk, UserStat)


def test_the_form_refuses_a_derived_owner(rolf):
    stat = user_stat()
    stat_type = ContentType.objects.get_for_model(stat)
    response = rolf.get("/admin/notes/note/add/")
    assert stat_type.model_class() not in owner_type_choices(response)
    assert autocomplete(rolf, stat_type.model_class()).status_code == 403
    data = form_data(
        response, partner=100, date="2024-05-01", subject="About a statistic",
        owner_type=stat_type.pk, owner_id=stat.pk,
    )
    response = rolf.post("/admin/notes/note/add/", data)
    assert response.status_code == 200
    assert "owner_type" in response.context["adminform"].form.errors
    assert not Note.objects.filter(subject="About a statistic").exists()


def test_model_validation_and_duplicate_refuse_a_derived_owner():
    from lino_core_model.exceptions import DuplicateError

    stat = user_stat()
    note = Note(partner_id=100, date=datetime.date(2024, 5, 1), subject="About a statistic",
                owner=stat)
    with pytest.raises(ValidationError) as exc:
        note.full_clean()
    assert "owner_type" in exc.value.message_dict
    with pytest.raises(ValidationError):
        note.save()
    old = Note.objects.get(subject="Visit at home")
    Note.objects.filter(pk=old.pk).update(  # e.g. stored before derived rows were refused
        owner_type=ContentType.objects.get_for_model(stat), owner_id=stat.pk
    )
    count = Note.objects.count()
    with pytest.raises(DuplicateError, match="That type is not one of the available choices"):
        Note.objects.get(pk=old.pk).duplicate()
    assert Note.objects.count() == count
