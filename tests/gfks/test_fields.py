"""GFK fields with labels and the id field offering the rows of the selected type."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from demo_project.contacts.models import Person
from demo_project.notes.models import Note
from lino_gfks.fields import GenericForeignKey, GenericForeignKeyIdField


def test_gfk_has_verbose_name_and_help_text():
    gfk = GenericForeignKey("t", "i", verbose_name="Owner", help_text="Who owns it")
    assert (gfk.verbose_name, gfk.help_text, gfk.dont_merge) == ("Owner", "Who owns it", False)
    assert str(Note._meta.get_field("owner").verbose_name) == "Controlled by"


def test_id_field_deconstructs_with_its_type_field():
    name, path, args, kwargs = Note._meta.get_field("owner_id").deconstruct()
    assert path == "lino_gfks.fields.GenericForeignKeyIdField"
    assert args == ["owner_type"]
    assert isinstance(GenericForeignKeyIdField("x"), GenericForeignKeyIdField)


@pytest.mark.django_db
def test_owner_of_a_type_without_model_is_none(vanished_type):
    note = Note.objects.first()
    note.owner_type, note.owner_id = vanished_type, 1
    assert note.owner is None
    note.owner_type, note.owner_id = ContentType.objects.get_for_model(Person), 99999
    assert note.owner is None
    fresh = Note(owner_type=ContentType.objects.get_for_model(Person), owner_id=201)
    assert fresh.owner == Person.objects.get(pk=201)
