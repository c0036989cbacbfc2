"""Deleting or merging an MTI parent row whose child row exists (a Person that is a Client).

Deleting the parent deletes the child (Django follows the parent link): the
veto, the counts and the permissions are those of deleting the child itself.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.deletion import Collector

from demo_project.avanti.models import Client
from demo_project.contacts.models import Company, Partner, Person
from demo_project.contracts.models import Contract
from demo_project.notes.models import Note
from lino_coachings.models import Coaching
from lino_core_model.deletion import veto_from_protected
from lino_core_model.exceptions import DeleteVetoed, MergeError

pytestmark = pytest.mark.django_db

PROTECTED_CLIENT = 165  # BERENDT Antoshá: a client contact protects the client row


@pytest.fixture
def coached_client() -> Client:
    """A client with a coaching and a contract, nothing protecting it."""
    client = Client.objects.create(first_name="Cora", last_name="Cascade")
    robin = get_user_model().objects.get(username="robin")
    Coaching.objects.create(client=client, user=robin, start_date=datetime.date(2024, 1, 1))
    Contract.objects.create(client=client, start_date=datetime.date(2024, 2, 1))
    return client


def login(client, username: str):
    assert client.login(username=username, password="1234")
    return client


def post_action(client, action: str, pk: int, changelist="/admin/contacts/person/", **data):
    """Post the changelist action ``action`` on the row ``pk``; ``data`` confirms it."""
    return client.post(
        changelist, {"action": action, "_selected_action": [str(pk)], **data}, follow=True
    )


def family_exists(pk: int) -> tuple[bool, bool, bool]:
    return tuple(m.objects.filter(pk=pk).exists() for m in (Partner, Person, Client))


# -- the model API ------------------------------------------------------------


def test_person_of_a_protected_client_is_vetoed_naming_the_client():
    person = Person.objects.get(pk=PROTECTED_CLIENT)
    client = Client.objects.get(pk=PROTECTED_CLIENT)
    expected = f"Cannot delete {client} because 1 Client Contact refers to it."
    assert person.disable_delete() == expected
    with pytest.raises(DeleteVetoed) as exc:
        person.delete()
    assert str(exc.value) == expected
    with pytest.raises(DeleteVetoed, match="1 Client Contact refers to it"):
        Partner.objects.filter(pk=PROTECTED_CLIENT).delete()
    assert family_exists(PROTECTED_CLIENT) == (True, True, True)


def test_person_of_a_client_is_vetoed_by_what_cascades_from_the_client(client, coached_client):
    contract = Contract.objects.get(client=coached_client)
    Note.objects.create(
        partner=Company.objects.get(pk=100),
        owner=contract,
        date=datetime.date(2024, 3, 1),
        subject="About the contract",
    )
    expected = f"Cannot delete {contract} because 1 Note refers to it."
    person = Person.objects.get(pk=coached_client.pk)
    delete_page = f"/admin/contacts/person/{person.pk}/delete/"
    response = login(client, "robin").get(delete_page, follow=True)  # vetoed before confirming
    assert response.redirect_chain[0][0] == f"/admin/contacts/person/{person.pk}/change/"
    assert expected in response.content.decode()
    with pytest.raises(DeleteVetoed) as exc:
        person.delete()
    assert str(exc.value) == expected
    with pytest.raises(DeleteVetoed) as exc:
        Person.objects.filter(pk=coached_client.pk).delete()
    assert str(exc.value) == expected
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_person_of_a_client_cascades_and_clears_gfks_of_the_client(coached_client):
    """GFK references to the client row are enforced set-based (no receiver needed)."""
    note = Note.objects.create(
        partner=Company.objects.get(pk=100),
        owner=coached_client,
        date=datetime.date(2024, 3, 1),
        subject="About the client",
    )
    person = Person.objects.get(pk=coached_client.pk)
    assert person.disable_delete() == f"Cannot delete {coached_client} because 1 Note refers to it."
    with pytest.raises(DeleteVetoed, match=r"because 1 Note refers to it"):
        person.delete()
    note.delete()
    Person.objects.get(pk=coached_client.pk).delete()
    assert family_exists(coached_client.pk) == (False, False, False)
    assert not Coaching.objects.filter(client_id=coached_client.pk).exists()


def test_merge_of_persons_whose_child_types_differ_is_refused(coached_client):
    plain = Person.objects.create(first_name="Plain", last_name="Person")
    for source, target in [(coached_client.pk, plain.pk), (plain.pk, coached_client.pk)]:
        with pytest.raises(MergeError, match="not of the same type"):
            Person.objects.get(pk=source).merge_into(Person.objects.get(pk=target))
    company = Company.objects.create(name="Not A Person")
    with pytest.raises(MergeError, match="not of the same type"):
        Partner.objects.get(pk=company.pk).merge_into(Partner.objects.get(pk=plain.pk))
    assert family_exists(coached_client.pk) == (True, True, True)
    assert Company.objects.filter(pk=company.pk).exists()


def test_merge_of_persons_that_are_clients_merges_the_clients(coached_client):
    other = Client.objects.create(first_name="Other", last_name="Client")
    coaching = Coaching.objects.get(client=coached_client)
    Person.objects.get(pk=coached_client.pk).merge_into(Person.objects.get(pk=other.pk))
    assert family_exists(coached_client.pk) == (False, False, False)
    coaching.refresh_from_db()
    assert coaching.client_id == other.pk
    assert Contract.objects.filter(client=other).count() == 1


def test_veto_from_protected_names_the_deleted_row_not_the_first_foreign_key():
    """Django's collector finds the notes of a partner; the content type of their owner
    (their first foreign key) is not what is being deleted."""
    partner = Partner.objects.create(name="Protected Partner")
    Note.objects.create(
        partner=partner,
        owner=Client.objects.get(pk=PROTECTED_CLIENT),
        date=datetime.date(2024, 3, 1),
        subject="x",
    )
    Note.objects.create(partner=partner, date=datetime.date(2024, 3, 2), subject="y")
    with pytest.raises(models.ProtectedError) as exc:
        Collector(using="default").collect([partner])
    assert veto_from_protected(exc.value) == (
        "Cannot delete Protected Partner because 2 Notes refer to it."
    )


# -- the admin, as the coach rolf -----------------------------------------------


def test_person_delete_page_counts_the_client_and_its_cascade(client, coached_client):
    """rolf may delete persons and clients, not coachings: the person of a coached client
    is not his to delete, as the client is not."""
    url = f"/admin/contacts/person/{coached_client.pk}/delete/"
    content = login(client, "robin").get(url).content.decode()
    assert "Clients: 1" in content
    assert "Coachings: 1" in content
    assert "Contracts: 1" in content
    client.logout()
    rolf = login(client, "rolf")
    content = rolf.get(url).content.decode()
    assert "your account doesn't have permission to delete the following types" in content
    assert "<li>Coaching</li>" in content
    assert rolf.post(url, {"post": "yes"}).status_code == 403
    assert family_exists(coached_client.pk) == (True, True, True)
    assert Coaching.objects.filter(client=coached_client).exists()


def test_person_delete_selected_refuses_a_coached_client(client, coached_client):
    rolf = login(client, "rolf")
    response = post_action(rolf, "delete_selected", coached_client.pk, post="yes")
    assert response.status_code == 403
    assert Coaching.objects.filter(client=coached_client).exists()


def test_person_delete_page_of_a_protected_client_is_a_message(client):
    rolf = login(client, "rolf")
    url = f"/admin/contacts/person/{PROTECTED_CLIENT}/delete/"
    response = rolf.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    client_row = Client.objects.get(pk=PROTECTED_CLIENT)
    assert f"Cannot delete {client_row} because 1 Client Contact refers to it." in (
        response.content.decode()
    )
    response = post_action(rolf, "delete_selected", PROTECTED_CLIENT, post="yes")
    assert response.status_code == 200
    assert "1 Client Contact refers to it." in response.content.decode()
    assert family_exists(PROTECTED_CLIENT) == (True, True, True)


def test_a_veto_found_only_while_deleting_is_a_message(client, monkeypatch):
    """A reference that the check before missed (added meanwhile): a message, not a 500,
    and no deletion logged."""
    from django.contrib.admin.models import LogEntry

    free = Person.objects.create(first_name="Racy", last_name="Row")
    Note.objects.create(partner=free, date=datetime.date(2024, 3, 1), subject="meanwhile")
    monkeypatch.setattr(Person, "disable_delete", lambda self, ar=None: None)
    rolf = login(client, "rolf")
    logged = LogEntry.objects.count()
    for response in (
        rolf.post(f"/admin/contacts/person/{free.pk}/delete/", {"post": "yes"}, follow=True),
        post_action(rolf, "delete_selected", free.pk, post="yes"),
    ):
        assert response.status_code == 200
        assert "because 1 Note refers to it." in response.content.decode()
    assert Person.objects.filter(pk=free.pk).exists()
    assert LogEntry.objects.count() == logged


def test_person_merge_refuses_a_client_into_a_plain_person(client, coached_client):
    plain = Person.objects.create(first_name="Plain", last_name="Person")
    response = post_action(
        login(client, "robin"), "merge_selected", coached_client.pk, target=plain.pk, confirm="yes"
    )
    assert response.status_code == 200
    assert "not of the same type" in response.content.decode()
    assert family_exists(coached_client.pk) == (True, True, True)
    assert Coaching.objects.filter(client=coached_client).exists()


def test_partner_merge_refuses_an_organization_into_a_person(client):
    company = Company.objects.create(name="Merged Away Ltd")
    person = Person.objects.create(first_name="Kept", last_name="Person")
    response = post_action(
        login(client, "robin"),
        "merge_selected",
        company.pk,
        changelist="/admin/contacts/partner/",
        target=person.pk,
        confirm="yes",
    )
    assert "not of the same type" in response.content.decode()
    assert Company.objects.filter(pk=company.pk).exists()


def test_person_merge_needs_the_delete_permission_on_the_clients(client, coached_client):
    """Merging persons that are clients deletes a client row."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("persons_only", password="1234", is_staff=True)
    user.user_permissions.set(
        [
            *Permission.objects.filter(
                content_type__app_label="contacts", codename__in=["view_person", "delete_person"]
            ),
            Permission.objects.get(content_type__app_label="lino_core_model", codename="expert"),
        ]
    )
    other = Client.objects.create(first_name="Other", last_name="Client")
    response = post_action(
        login(client, "persons_only"),
        "merge_selected",
        coached_client.pk,
        target=other.pk,
        confirm="yes",
    )
    assert "You have no permission to delete Client." in response.content.decode()
    assert family_exists(coached_client.pk) == (True, True, True)
    assert Coaching.objects.filter(client=coached_client).exists()


def test_delete_with_keep_parents_leaves_what_points_to_the_parent_row():
    """Only the child row goes: the notes about its partner row neither veto nor go."""
    person = Person.objects.create(first_name="Kept", last_name="Parent")
    note = Note.objects.create(
        partner=person,
        owner=Partner.objects.get(pk=person.pk),
        date=datetime.date(2024, 3, 1),
        subject="about the partner",
    )
    pk = person.pk
    person.delete(keep_parents=True)
    assert not Person.objects.filter(pk=pk).exists()
    assert Partner.objects.filter(pk=pk).exists()
    note.refresh_from_db()
    assert (note.partner_id, note.owner_id) == (pk, pk)
