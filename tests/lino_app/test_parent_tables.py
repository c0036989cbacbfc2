"""Lino's own tables of the MTI parents of our client (``contacts.Persons`` and
``contacts.Partners``): their delete, merge and duplicate of a person who is one of
our clients run ours, as the admin of a multi-table parent does; so do Lino's
"delete child" and "insert child" actions (``del_client``, ``ins_client``).

The Django test client plays Lino's web UI: a first request asks the action (Lino
answers with its confirmation dialog), a second one answers "yes".
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

pytest.importorskip(
    "lino", reason="Lino is not installed: scripts/test-lino runs these tests in .venv-lino"
)

from django.conf import settings  # noqa: E402

pytestmark = pytest.mark.django_db

ARENS, ANNA, BERND = 2, 3, 4  # a plain person, two clients (demo data)
TABLES = ["contacts/Persons", "contacts/Partners"]


@pytest.fixture
def robin(client):
    client.force_login(settings.SITE.models.users.User.objects.get(username="robin"))
    return client


def models() -> Any:
    return settings.SITE.models


def answer(response: Any) -> dict:
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def yes(question: dict) -> dict:
    """The answer "yes" to Lino's confirmation dialog ``question``."""
    return {"xcallback__" + question["xcallback"]["id"]: "yes"}


def delete(client: Any, table: str, pk: int, how: str, confirm: dict | None = None) -> dict:
    """Lino's delete button (``GET ?an=delete_selected``) or an HTTP DELETE."""
    url = f"/api/{table}/{pk}"
    if how == "GET":
        return answer(client.get(url, {"an": "delete_selected", **(confirm or {})}))
    body = "&".join(f"{k}={v}" for k, v in {"an": "delete_selected", **(confirm or {})}.items())
    return answer(client.delete(url, body, content_type="application/x-www-form-urlencoded"))


def family(pk: int) -> tuple[bool, bool, bool]:
    """Whether the partner, person and client rows ``pk`` exist."""
    m = models()
    return tuple(
        model.objects.filter(pk=pk).exists()
        for model in (m.contacts.Partner, m.contacts.Person, m.care.Client)
    )


@pytest.fixture
def cora() -> Any:
    """A client with a coaching (it cascades) and a data problem (a GFK that cascades)."""
    m = models()
    cora = m.care.Client(first_name="Cora", last_name="Cascade", gender="F")
    cora.full_clean()  # Lino's person fills the partner's name
    cora.save()
    m.coachings.Coaching.objects.create(
        client=cora, user=m.users.User.objects.get(username="romain"),
        start_date=datetime.date(2024, 1, 1),
    )
    m.checkdata.Problem.objects.create(owner=cora, message="Address is missing")
    return cora


# -- delete ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["GET", "DELETE"])
@pytest.mark.parametrize("table", TABLES)
def test_deleting_a_protected_client_as_a_person_is_our_veto(robin, table, how):
    bernd = models().care.Client.objects.get(pk=BERND)
    assert delete(robin, table, BERND, how) == {
        "alert": "Error", "message": bernd.disable_delete(), "success": False,
    }
    assert bernd.disable_delete() == (
        "Cannot delete Mr Bernd Brecht because 1 Client Contact refers to it."
    )
    assert family(BERND) == (True, True, True)


@pytest.mark.parametrize("table", TABLES)
def test_a_veto_of_the_client_model_holds_on_the_person(robin, monkeypatch, cora, table):
    """A veto that only the client's ``disable_delete()`` knows, not Lino's references."""
    Client = models().care.Client
    ours = Client.disable_delete
    monkeypatch.setattr(
        Client, "disable_delete",
        lambda self, ar=None: ours(self, ar) or f"{self} is still coached.",
    )
    assert delete(robin, table, cora.pk, "GET") == {
        "alert": "Error", "message": "Mrs Cora Cascade is still coached.", "success": False,
    }
    with pytest.raises(Warning, match="still coached"):  # Lino's delete() asks it too
        models().contacts.Person.objects.get(pk=cora.pk).delete()
    assert family(cora.pk) == (True, True, True)


@pytest.mark.parametrize("table", TABLES)
def test_deleting_a_client_as_a_person_runs_our_delete(robin, cora, table):
    """Our delete policy: the coaching cascades, the data problem (a GFK) goes too."""
    m = models()
    question = delete(robin, table, cora.pk, "GET")
    assert question["message"].startswith("You are about to delete 1 ")
    done = delete(robin, table, cora.pk, "GET", yes(question))
    assert done["success"] and done["record_deleted"]
    assert family(cora.pk) == (False, False, False)
    assert not m.coachings.Coaching.objects.filter(client_id=cora.pk).exists()
    assert not m.checkdata.Problem.objects.filter(owner_id=cora.pk).exists()


def test_deleting_a_plain_person_is_lino_s(robin):
    """A person who is not a client: Lino's delete (and Lino's veto message)."""
    m = models()
    anton = m.contacts.Person(first_name="Anton", last_name="Auer", gender="M")
    anton.full_clean()
    anton.save()
    assert delete(robin, "contacts/Persons", ARENS, "GET")["message"] == (
        "Cannot delete Person Mr Andreas Arens because 3 Client Contacts refer to it."
    )
    question = delete(robin, "contacts/Persons", anton.pk, "GET")
    assert delete(robin, "contacts/Persons", anton.pk, "GET", yes(question))["success"]
    assert not m.contacts.Partner.objects.filter(pk=anton.pk).exists()


@pytest.fixture
def evaluated(cora) -> Any:
    """Cora's coaching (it cascades from her) has an evaluation, which protects it:
    her own veto (``disable_delete()``) finds nothing, her delete does."""
    m = models()
    coaching = m.coachings.Coaching.objects.get(client=cora)
    m.care.Evaluation.objects.create(coaching=coaching, date=datetime.date(2024, 6, 1))
    return coaching


@pytest.mark.parametrize("table", ["contacts/Persons", "care/Clients"])
def test_a_veto_found_while_deleting_is_lino_s_error_message(robin, cora, evaluated, table):
    assert cora.disable_delete() is None
    question = delete(robin, table, cora.pk, "GET")  # Lino asks: no veto yet
    assert delete(robin, table, cora.pk, "GET", yes(question)) == {
        "alert": "Error",
        "message": f"Cannot delete {evaluated} because 1 Evaluation refers to it.",
        "success": False,
    }
    assert family(cora.pk) == (True, True, True)
    assert models().coachings.Coaching.objects.filter(client=cora).count() == 1


# -- delete child, insert child --------------------------------------------------


def child_action(client: Any, pk: int, name: str) -> dict:
    """Lino's answer to the "delete child" or "insert child" action ``name`` of a
    person (the ❌ or ➕ of the person's "See as" navigator; Lino asks nothing)."""
    return answer(client.get(f"/api/contacts/Persons/{pk}", {"an": name}))


def test_lino_s_child_actions_of_our_model_are_ours_and_of_its_own_models_lino_s():
    from lino.mixins.polymorphic import DeleteChild, InsertChild

    from lino_core_model.lino_adapter import ParentDeleteChild, ParentInsertChild

    def action(table: str, name: str) -> type:
        return type(getattr(models().contacts, table).get_action_by_name(name).action)

    for table in ("Persons", "Partners"):
        assert action(table, "del_client") is ParentDeleteChild
        assert action(table, "ins_client") is ParentInsertChild
    assert (action("Partners", "del_person"), action("Partners", "ins_person")) == (
        DeleteChild, InsertChild,
    )


def test_deleting_the_client_of_a_protected_client_is_our_veto(robin):
    bernd = models().care.Client.objects.get(pk=BERND)
    assert child_action(robin, BERND, "del_client") == {
        "alert": "Error",
        "message": "Cannot delete Mr Bernd Brecht because 1 Client Contact refers to it.",
        "success": False,
    }
    assert family(BERND) == (True, True, True)
    assert models().coachings.Coaching.objects.filter(client=bernd).count() == 1


def test_deleting_the_client_keeps_the_person_and_runs_our_delete(robin, cora):
    """The client row goes, with its coaching (it cascades) and its data problem (a
    GFK); the person stays, and so does a reference to the person."""
    m = models()
    contact = m.clients.ClientContact.objects.get(client_id=ANNA)
    contact.contact_person_id = cora.pk
    contact.save()
    assert child_action(robin, cora.pk, "del_client") == {"refresh": True}
    assert family(cora.pk) == (True, True, False)
    assert not m.coachings.Coaching.objects.filter(client_id=cora.pk).exists()
    assert not m.checkdata.Problem.objects.filter(owner_id=cora.pk).exists()
    contact.refresh_from_db()
    assert contact.contact_person_id == cora.pk


def test_deleting_the_client_is_vetoed_by_what_cascades_from_it(robin, cora, evaluated):
    assert child_action(robin, cora.pk, "del_client") == {
        "alert": "Error",
        "message": f"Cannot delete {evaluated} because 1 Evaluation refers to it.",
        "success": False,
    }
    assert family(cora.pk) == (True, True, True)
    assert models().coachings.Coaching.objects.filter(client=cora).count() == 1


def test_inserting_the_client_of_a_person_runs_our_insert(robin, monkeypatch):
    """The client part of Andreas Arens: made as our UI makes a new client (its
    ``on_create``, our signals), its state the default; the person stays as it was
    (Lino's ``on_create`` would give it robin's language)."""
    from lino_clients.choicelists import ClientStates
    from lino_core_model import signals

    m = models()
    Client = m.care.Client
    calls = []
    on_create = Client.on_create
    monkeypatch.setattr(
        Client, "on_create", lambda self, ar: calls.append("on_create") or on_create(self, ar)
    )

    def created(sender: Any, ar: Any, **kwargs: Any) -> None:
        calls.append(f"on_ui_created {sender}")

    signals.on_ui_created.connect(created)
    try:
        assert child_action(robin, ARENS, "ins_client") == {"refresh": True}
    finally:
        signals.on_ui_created.disconnect(created)
    assert calls == ["on_create", "on_ui_created Mr Andreas Arens"]
    client = Client.objects.get(pk=ARENS)
    assert client.client_state == ClientStates.newcomer
    assert (client.first_name, client.last_name, client.language) == ("Andreas", "Arens", "")
    assert family(ARENS) == (True, True, True)
    assert m.clients.ClientContact.objects.filter(contact_person_id=ARENS).count() == 3


# -- merge ---------------------------------------------------------------------


def merge(client: Any, pk: int, target: int | None, confirm: dict | None = None) -> dict:
    """Lino's answer to the merge dialog of Lino's persons table on person ``pk``."""
    action = models().contacts.Persons.get_action_by_name("merge_row").action
    values = {"merge_to": target or "", "reason": ""}
    fv = [values.get(f.field.name, "false") for f in action.params_layout.params_store.param_fields]
    return answer(client.get(
        f"/api/contacts/Persons/{pk}", {"an": "merge_row", "fv": fv, **(confirm or {})}
    ))


def test_merging_a_client_as_a_person_runs_our_merge(robin, cora):
    m = models()
    question = merge(robin, cora.pk, BERND)
    assert question["message"] == (
        '<div class="htmlText">'
        "<p>Are you sure you want to merge Mrs Cora Cascade into Mr Bernd Brecht?</p>"
        "<p>1 Data problem message (owner), 1 Coaching (client) will get reassigned.</p>"
        "<p>Mrs Cora Cascade will be deleted.</p>"
        "</div>"
    )
    done = merge(robin, cora.pk, BERND, yes(question))
    assert done["success"] and done["record_deleted"]
    assert done["message"] == (
        "Merged Mrs Cora Cascade into Mr Bernd Brecht. Updated 2 related rows."
    )
    assert family(cora.pk) == (False, False, False)
    assert m.coachings.Coaching.objects.filter(client_id=BERND).count() == 2
    assert m.checkdata.Problem.objects.get(message="Address is missing").owner_id == BERND


@pytest.mark.parametrize("source, target", [(BERND, ARENS), (ARENS, BERND)])
def test_a_client_and_a_plain_person_do_not_merge(robin, source, target):
    m = models()
    names = {ARENS: "Mr Andreas Arens", BERND: "Mr Bernd Brecht"}
    assert merge(robin, source, target) == {
        "alert": "Error",
        "message": f"Cannot merge {names[source]} into {names[target]}:"
        " they are not of the same type.",
        "success": False,
    }
    assert family(BERND) == (True, True, True) and family(ARENS) == (True, True, False)
    assert m.coachings.Coaching.objects.filter(client_id=BERND).count() == 1


def test_no_merge_as_a_person_of_clients_that_do_not_merge(robin, monkeypatch):
    monkeypatch.setattr(models().care.Client, "allow_merge_action", False)
    assert merge(robin, ANNA, BERND)["message"] == "Clients cannot be merged."
    assert family(ANNA) == (True, True, True)


def test_merging_plain_persons_is_lino_s(robin):
    m = models()
    anton = m.contacts.Person(first_name="Anton", last_name="Auer", gender="M")
    anton.full_clean()
    anton.save()
    question = merge(robin, anton.pk, ARENS)
    assert "<li>Mr Anton Auer will be deleted</li>" in question["message"]  # Lino's text
    assert merge(robin, anton.pk, ARENS, yes(question))["success"]
    assert not m.contacts.Partner.objects.filter(pk=anton.pk).exists()


# -- duplicate -----------------------------------------------------------------


def test_duplicating_a_client_as_a_person_copies_the_person(robin):
    """Lino's duplicate of a person copies the person (Lino's behaviour), not the
    client part: the copy is a plain person, the client is untouched."""
    m = models()
    before = m.contacts.Person.objects.count(), m.care.Client.objects.count()
    url = f"/api/contacts/Persons/{BERND}"
    question = answer(robin.get(url, {"an": "clone_row"}))
    assert question["message"] == "This will create a copy of Mr Bernd Brecht.\nAre you sure?"
    done = answer(robin.get(url, {"an": "clone_row", **yes(question)}))
    assert done["success"], done
    copy = m.contacts.Person.objects.exclude(pk__in=[ARENS, ANNA, BERND, 5]).get()
    assert (copy.first_name, copy.last_name) == ("Bernd", "Brecht")
    assert not m.care.Client.objects.filter(pk=copy.pk).exists()
    assert (m.contacts.Person.objects.count(), m.care.Client.objects.count()) == (
        before[0] + 1, before[1],
    )
    assert m.coachings.Coaching.objects.filter(client_id=BERND).count() == 1
