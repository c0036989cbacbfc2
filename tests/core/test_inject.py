"""inject_field and update_field (lino_core_model.inject), on throwaway models."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.migrations.state import ModelState
from django.test.utils import isolate_apps

from lino_core_model import inject
from lino_core_model.inject import inject_field, pending_injections, update_field

LABEL = "inject_tests"


@pytest.fixture
def importing(monkeypatch):
    """Pretend the models are still being imported (the app registry is not ready)."""
    monkeypatch.setattr(apps, "ready", False)
    monkeypatch.setattr(inject, "_pending", type(inject._pending)(list))


def make_thing():
    class Thing(models.Model):
        name = models.CharField("Name", max_length=20)

        class Meta:
            app_label = LABEL

    return Thing


@isolate_apps()
def test_inject_into_a_prepared_model(importing):
    Thing = make_thing()
    assert [f.name for f in Thing._meta.fields] == ["id", "name"]  # fills the _meta cache
    inject_field(Thing, "size", models.IntegerField("Size", default=3))
    assert [f.name for f in Thing._meta.fields] == ["id", "name", "size"]
    assert Thing._meta.get_field("size").verbose_name == "Size"
    assert Thing().size == 3
    # what makemigrations of the host app sees:
    assert "size" in ModelState.from_model(Thing).fields


@isolate_apps()
def test_inject_before_the_model_is_prepared(importing):
    inject_field(f"{LABEL}.Thing", "size", models.IntegerField(default=3))
    assert pending_injections() == [f"{LABEL}.thing"]
    Thing = make_thing()
    assert Thing._meta.get_field("size").default == 3
    assert Thing(name="x").size == 3
    assert pending_injections() == []


@isolate_apps()
def test_inject_by_label_into_a_registered_model(importing, monkeypatch):
    Thing = make_thing()
    monkeypatch.setitem(apps.all_models, LABEL, {"thing": Thing})
    inject_field(f"{LABEL}.Thing", "size", models.IntegerField(null=True))
    assert pending_injections() == []
    assert Thing._meta.get_field("size").null


@isolate_apps()
def test_injected_parent_field_reaches_prepared_subclasses(importing):
    Thing = make_thing()

    class Special(Thing):
        class Meta:
            app_label = LABEL

    assert "size" not in [f.name for f in Special._meta.fields]
    inject_field(Thing, "size", models.IntegerField(default=0))
    assert "size" in [f.name for f in Special._meta.fields]


@isolate_apps()
def test_inject_a_foreign_key(importing):
    Thing = make_thing()

    class Kind(models.Model):
        class Meta:
            app_label = LABEL

    inject_field(Thing, "kind", models.ForeignKey(Kind, models.SET_NULL, null=True))
    assert Thing._meta.get_field("kind").related_model is Kind
    assert hasattr(Kind, "thing_set")  # the reverse relation


@isolate_apps()
def test_doc_becomes_help_text(importing):
    Thing = make_thing()
    inject_field(Thing, "a", models.IntegerField(null=True), doc="What a means.")
    inject_field(Thing, "b", models.IntegerField(null=True, help_text="Own."), doc="Ignored.")
    assert Thing._meta.get_field("a").help_text == "What a means."
    assert Thing._meta.get_field("b").help_text == "Own."


@isolate_apps()
def test_inject_after_the_registry_is_ready():
    Thing = make_thing()
    with pytest.raises(ImproperlyConfigured) as exc:
        inject_field(Thing, "size", models.IntegerField())
    assert str(exc.value).startswith(
        "inject_field(<class 'tests.core.test_inject.make_thing.<locals>.Thing'>, 'size') "
        "was called after the app registry "
        "was ready. Call it while the models are imported"
    )
    assert "size" not in [f.name for f in Thing._meta.fields]
    with pytest.raises(ImproperlyConfigured, match=r"update_field\('contacts.Partner', 'name'\)"):
        update_field("contacts.Partner", "name", blank=True)


@isolate_apps()
def test_inject_errors(importing):
    Thing = make_thing()
    with pytest.raises(ImproperlyConfigured, match=f"Cannot inject field .name. into {LABEL}"):
        inject_field(Thing, "name", models.CharField(max_length=3))
    with pytest.raises(TypeError, match="is not a model field"):
        inject_field(Thing, "size", 3)
    with pytest.raises(ValueError, match="model must be a class or 'app_label.ModelName'"):
        inject_field("Thing", "size", models.IntegerField())
    with pytest.raises(TypeError, match="neither a model class nor a model label"):
        inject_field(object, "size", models.IntegerField())

    class Base(models.Model):
        class Meta:
            abstract = True
            app_label = LABEL

    with pytest.raises(ImproperlyConfigured, match="Base is abstract"):
        inject_field(Base, "size", models.IntegerField())


@isolate_apps()
def test_update_field(importing):
    Thing = make_thing()
    update_field(Thing, "name", verbose_name="Designation", blank=True, max_length=30)
    field = Thing._meta.get_field("name")
    assert (field.verbose_name, field.blank, field.max_length) == ("Designation", True, 30)


@isolate_apps()
def test_update_field_before_the_model_is_prepared(importing):
    update_field(f"{LABEL}.Thing", "name", null=True)
    inject_field(f"{LABEL}.Thing", "size", models.IntegerField())
    update_field(f"{LABEL}.Thing", "size", null=True)  # applied in the order of the calls
    Thing = make_thing()
    assert Thing._meta.get_field("name").null
    assert Thing._meta.get_field("size").null


@isolate_apps()
def test_update_field_errors(importing):
    Thing = make_thing()

    class Special(Thing):
        class Meta:
            app_label = LABEL

    with pytest.raises(FieldDoesNotExist) as exc:
        update_field(Thing, "nope", null=True)
    assert str(exc.value) == (
        f"update_field: {LABEL}.Thing has no field 'nope' of its own. Its fields are: id, name"
    )
    with pytest.raises(FieldDoesNotExist, match="has no field 'name' of its own"):
        update_field(Special, "name", null=True)  # belongs to the concrete parent
    with pytest.raises(TypeError, match=f"CharField {LABEL}.Thing.name has no attribute 'colour'"):
        update_field(Thing, "name", colour="red")
