"""Client contacts, contact types and clients: validation, constraints and vetoes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from demo_project.avanti.models import Client
from lino_clients.choicelists import ClientStates, KnownContactTypes
from lino_clients.models import ClientContact, ClientContactType
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.options import lino_options

pytestmark = pytest.mark.django_db


def test_empty_client_contact_is_refused_by_full_clean():
    contact = ClientContact(client_id=120)
    with pytest.raises(ValidationError) as info:
        contact.full_clean()
    assert info.value.messages == ["Must fill at least one field."]


def test_empty_client_contact_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientContact.objects.create(client_id=120)


@pytest.mark.parametrize("field, value", [
    ("remark", "Called twice"), ("company_id", 183), ("contact_person_id", 186), ("type_id", 6),
])
def test_one_field_is_enough(field, value):
    contact = ClientContact(client_id=135, **{field: value})
    contact.full_clean()
    contact.save()


def test_two_types_with_the_same_known_type_are_refused():
    duplicate = KnownContactTypes.school.create_object()
    with pytest.raises(ValidationError, match="already known as this type"):
        duplicate.full_clean()
    if connection.features.supports_partial_indexes:  # not MariaDB: see get_object()
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()


def test_many_types_without_known_type_are_allowed():
    ClientContactType.objects.create(name="Neighbour")
    ClientContactType.objects.create(name="Friend")
    assert ClientContactType.objects.filter(known_contact_type="").count() == 3


def test_deleting_a_client_with_contacts_is_vetoed():
    client = Client.objects.get(pk=120)
    message = "Cannot delete ABDALLA Aádil (120/rolf) because 2 Client Contacts refer to it."
    assert client.disable_delete() == message
    with pytest.raises(DeleteVetoed, match="2 Client Contacts refer to it"):
        client.delete()
    assert ClientContact.objects.filter(client_id=120).count() == 2
    assert Client.objects.filter(pk=120).exists()


def test_deleting_a_used_contact_type_is_vetoed():
    school = KnownContactTypes.school.get_object()
    assert "Client Contacts refer to it" in school.disable_delete()


def test_client_text_names_the_responsible_user():
    assert str(Client.objects.get(pk=159)) == "ABED Abdul Báári (159/nathalie)"
    assert str(Client(pk=7, first_name="Ann", last_name="Lee", name="LEE Ann")) == "LEE Ann (7)"


def test_new_client_gets_the_default_state_and_workflow_field():
    client = Client.objects.create(first_name="Ann", last_name="Lee")
    assert client.client_state is ClientStates.newcomer
    assert lino_options(Client).workflow_state_field == "client_state"


def test_client_contact_text():
    contact = ClientContact.objects.filter(client_id=120, contact_person__isnull=False).get()
    assert str(contact) == "HAAS Ingrid"
    assert str(ClientContact.objects.filter(client_id=120, type_id=2).get()) == "Favourite School"
