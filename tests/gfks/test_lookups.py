"""gfk2lookup: the filter keywords of a GFK pointing to a row."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from demo_project.contacts.models import Country, Partner, Person
from demo_project.notes.models import Note
from lino_gfks.lookups import gfk2lookup

pytestmark = pytest.mark.django_db


def test_integer_pk_gives_type_and_id():
    person = Person.objects.get(pk=201)
    assert gfk2lookup(Note.owner, person) == {
        "owner_type": ContentType.objects.get_for_model(Person), "owner_id": 201}


def test_non_integer_pk_gives_only_the_type():
    country = Country.objects.get(pk="BE")
    assert gfk2lookup(Note.owner, country) == {
        "owner_type": ContentType.objects.get_for_model(Country)}


def test_unsaved_row_gives_only_the_type_and_none_gives_nones():
    assert gfk2lookup(Note.owner, Partner(name="x")) == {
        "owner_type": ContentType.objects.get_for_model(Partner)}
    assert gfk2lookup(Note.owner, None) == {"owner_type": None, "owner_id": None}


def test_extra_keywords_are_kept():
    person = Person.objects.get(pk=201)
    assert gfk2lookup(Note.owner, person, state="10")["state"] == "10"


def test_lookup_finds_the_owned_notes():
    person = Person.objects.get(pk=211)
    assert [n.subject for n in Note.objects.filter(**gfk2lookup(Note.owner, person))] == [
        "Visit at home"]
