"""ClientStates, KnownContactTypes and their database objects."""

from __future__ import annotations

import pytest
from django.db import connection

from demo_project.avanti.models import Client
from lino_clients.choicelists import AmbiguousContactType, ClientStates, KnownContactTypes
from lino_clients.models import ClientContact, ClientContactType

pytestmark = pytest.mark.django_db


def test_the_demo_replaces_the_client_states():
    assert [s.name for s in ClientStates.get_list_items()] == [
        "incoming", "informed", "newcomer", "equal", "coached", "inactive", "former", "refused"]
    assert str(ClientStates.coached) == "Registered"


def test_get_object_is_none_without_database_object():
    ClientContactType.objects.filter(known_contact_type=KnownContactTypes.pharmacy).delete()
    assert KnownContactTypes.pharmacy.get_object() is None
    assert KnownContactTypes.get_column_value("db_object", KnownContactTypes.pharmacy) is None


def test_get_contacts_and_get_contact_without_database_object():
    ClientContactType.objects.filter(known_contact_type=KnownContactTypes.pharmacy).delete()
    client = Client.objects.get(pk=120)
    assert list(KnownContactTypes.pharmacy.get_contacts(client)) == []
    assert KnownContactTypes.pharmacy.get_contact(client) is None


def test_get_contacts_and_get_contact_of_a_client():
    client = Client.objects.get(pk=120)
    school = KnownContactTypes.school
    assert [str(c) for c in school.get_contacts(client)] == ["Favourite School"]
    assert str(school.get_contact(client)) == "Favourite School"
    ClientContact.objects.create(client=client, type=school.get_object(), company_id=184)
    assert school.get_contacts(client).count() == 2
    assert school.get_contact(client) is None  # ambiguous: two contacts of that type


def test_get_object_is_never_stale():
    school = KnownContactTypes.school.get_object()
    assert KnownContactTypes.school.get_object() == school
    ClientContactType.objects.filter(pk=school.pk).update(known_contact_type="")
    assert KnownContactTypes.school.get_object() is None
    other = ClientContactType.objects.get(pk=6)
    other.known_contact_type = KnownContactTypes.school
    other.save()
    assert KnownContactTypes.school.get_object() == other


def test_get_object_says_clearly_when_ambiguous():
    """A backend without partial unique indexes (MariaDB) can hold two rows of one type."""
    if connection.features.supports_partial_indexes:
        with connection.cursor() as cursor:  # rolled back with the test's transaction
            cursor.execute("DROP INDEX clients_one_type_per_known_type")
    ClientContactType.objects.create(name="Second school", known_contact_type="20")
    with pytest.raises(AmbiguousContactType, match="More than one client contact type is "
                                                   r"known as School \(ids 2, \d+\)"):
        KnownContactTypes.school.get_object()


def test_create_object_is_unsaved_and_named_like_the_choice():
    obj = KnownContactTypes.work_consultant.create_object()
    assert obj.pk is None
    assert obj.name == "Work consultant"
    assert obj.known_contact_type is KnownContactTypes.work_consultant
