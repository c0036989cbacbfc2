"""Django's plain GenericForeignKey counts for delete vetoes, cascades and merges."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from demo_project.contacts.models import Person
from demo_project.demo.models import Tag
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.options import lino_options
from lino_gfks import broken

pytestmark = pytest.mark.django_db


@pytest.fixture
def tag_model():
    """The demo's plain Django model with a plain GFK."""
    return Tag


def test_plain_gfk_vetoes_delete(tag_model):
    person = Person.objects.create(first_name="Tim", last_name="Tagged")
    tag_model.objects.create(content_object=person)
    assert person.disable_delete() == "Cannot delete TAGGED Tim because 1 tag refers to it."
    with pytest.raises(DeleteVetoed):
        person.delete()


def test_plain_gfk_cascades_when_listed(tag_model, monkeypatch):
    monkeypatch.setattr(lino_options(tag_model), "cascaded_delete", frozenset({"content_object"}))
    person = Person.objects.create(first_name="Tim", last_name="Tagged")
    tag_model.objects.create(content_object=person)
    person.delete()
    assert not tag_model.objects.exists()


def test_plain_gfk_moves_on_merge(tag_model):
    a = Person.objects.create(first_name="A", last_name="Source")
    b = Person.objects.create(first_name="B", last_name="Target")
    tag = tag_model.objects.create(content_object=a)
    a.merge_into(b)
    tag.refresh_from_db()
    assert tag.object_id == b.pk


def test_plain_gfk_broken_rows_are_found(tag_model):
    tag_model.objects.create(content_type=ContentType.objects.get_for_model(Person),
                             object_id=987654)
    rows = [r for r in broken.broken_gfks() if isinstance(r.obj, tag_model)]
    assert [(r.message, r.todo) for r in rows] == [
        ("Invalid primary key 987654 for contacts.Person in `object_id`", "manual")]
