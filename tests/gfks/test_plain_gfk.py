"""Django's plain GenericForeignKey counts for delete vetoes, cascades and merges."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test.utils import isolate_apps

from demo_project.contacts.models import Person
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.references import references_to
from lino_gfks import broken, references

pytestmark = pytest.mark.django_db


@pytest.fixture
def tag_model(monkeypatch):
    """A plain Django model with a plain GFK (table created in the test transaction)."""
    with isolate_apps("lino_gfks"):

        class Tag(models.Model):
            content_type = models.ForeignKey(ContentType, models.CASCADE)
            object_id = models.PositiveIntegerField()
            content_object = GenericForeignKey()

            class Meta:
                app_label = "gfks"

    if connection.vendor == "sqlite":  # its schema editor refuses to run in a transaction
        sql, params = connection.schema_editor().table_sql(Tag)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    else:
        with connection.schema_editor() as editor:
            editor.create_model(Tag)
    gfks = (*references.all_gfks(), Tag._meta.get_field("content_object"))
    monkeypatch.setattr(references, "all_gfks", lambda: gfks)
    monkeypatch.setattr(broken, "all_gfks", lambda: gfks)
    references_to.cache_clear()
    yield Tag
    references_to.cache_clear()
    ContentType.objects.clear_cache()


def test_plain_gfk_vetoes_delete(tag_model):
    person = Person.objects.create(first_name="Tim", last_name="Tagged")
    tag_model.objects.create(content_object=person)
    assert person.disable_delete() == "Cannot delete TAGGED Tim because 1 tag refers to it."
    with pytest.raises(DeleteVetoed):
        person.delete()


def test_plain_gfk_cascades_when_listed(tag_model, monkeypatch):
    monkeypatch.setattr(tag_model, "allow_cascaded_delete", "content_object", raising=False)
    references_to.cache_clear()
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
