"""Virtual fields: registration with Django, values, and what ignores them."""

from __future__ import annotations

from io import StringIO

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.management import call_command
from django.db import models
from django.db.migrations.state import ModelState
from django.forms.models import model_to_dict
from django.test.utils import isolate_apps

from demo_project.contacts.models import Partner
from lino_core_model.fields import (
    VirtualField,
    collect_virtual_fields,
    displayfield,
    get_virtual_field,
    htmlbox,
    virtualfield,
)
from lino_core_model.models import Model


class Greeting:
    """A plain (non-model) mixin defining a virtual field."""

    @displayfield("Greeting")
    def greeting(self, ar):
        return f"Hello {self.name}" + (f" from {ar}" if ar else "")


@pytest.fixture
def Thing():
    with isolate_apps("demo_project.contacts"):

        class Thing(Greeting, Model):
            name = models.CharField("Name", max_length=20)
            size = models.IntegerField("Size", default=0)

            @virtualfield(models.IntegerField("Double size"))
            def double(self, ar):
                return 2 * self.size

            @htmlbox("Box")
            def box(self, ar):
                return f"<b>{self.name}</b>"

            class Meta:
                app_label = "contacts"

        yield Thing


def test_get_virtual_field_finds_them_django_does_not(Thing):
    for name in ("double", "box", "greeting"):
        field = get_virtual_field(Thing, name)
        assert isinstance(field, VirtualField) and field.model is Thing and field.name == name
        assert not field.is_relation and not field.many_to_one and not field.concrete
        with pytest.raises(FieldDoesNotExist):
            Thing._meta.get_field(name)
    assert str(get_virtual_field(Thing, "double").verbose_name) == "Double size"
    assert isinstance(get_virtual_field(Thing, "box").return_type, models.TextField)
    assert get_virtual_field(Thing, "name") is None


def test_value_on_instance_and_with_request(Thing):
    obj = Thing(name="Joe", size=3)
    assert obj.double == 6
    assert obj.greeting == "Hello Joe"
    assert get_virtual_field(Thing, "greeting").value_from_object(obj, "ar") == "Hello Joe from ar"
    assert Thing.double is get_virtual_field(Thing, "double")


def test_virtual_fields_stay_out_of_concrete_machinery(Thing):
    names = {f.name for f in Thing._meta.fields}
    assert names == {"id", "name", "size"}
    assert not Thing._meta.private_fields
    form_class = forms.modelform_factory(Thing, fields="__all__")
    assert set(form_class.base_fields) == {"name", "size"}
    obj = Thing(pk=1, name="Joe", size=3)
    assert set(model_to_dict(obj)) == {"id", "name", "size"}
    obj.full_clean(validate_unique=False)
    data = serializers.serialize("python", [obj])
    assert set(data[0]["fields"]) == {"name", "size"}
    assert {name for name, _ in ModelState.from_model(Thing).fields.items()} == {
        "id", "name", "size"
    }
    assert Thing.check() == []


def test_admin_can_list_virtual_fields(Thing):
    model_admin = admin.ModelAdmin(Thing, admin.AdminSite())
    model_admin.list_display = ["name", "double", "greeting"]
    assert model_admin.check() == []
    assert label_for_field("double", Thing, model_admin) == "Double size"
    field, attr, value = lookup_field("double", Thing(name="Joe", size=4), model_admin)
    assert (field, value) == (None, 8)
    assert not getattr(attr, "admin_order_field", None)  # not sortable


def test_inherited_fields_are_copied_per_model():
    with isolate_apps("demo_project.contacts"):

        class Base(Greeting, Model):
            name = models.CharField(max_length=20)

            class Meta:
                app_label = "contacts"

        class Child(Base):
            class Meta:
                app_label = "contacts"

    base_field = get_virtual_field(Base, "greeting")
    child_field = get_virtual_field(Child, "greeting")
    assert base_field is not child_field
    assert (base_field.model, child_field.model) == (Base, Child)
    assert Child(name="Ann").greeting == "Hello Ann"


def test_database_field_with_same_name_is_an_error():
    clash = pytest.raises(ImproperlyConfigured, match="greeting")
    with isolate_apps("demo_project.contacts"), clash:

        class Clash(Greeting, Model):
            greeting = models.CharField(max_length=20)

            class Meta:
                app_label = "contacts"


def test_an_override_by_a_plain_attribute_wins():
    with isolate_apps("demo_project.contacts"):

        class Quiet(Greeting, Model):
            greeting = "no virtual field here"

            class Meta:
                app_label = "contacts"

    with pytest.raises(FieldDoesNotExist):
        Quiet._meta.get_field("greeting")
    assert Quiet.greeting == "no virtual field here"


class FakeList:
    """A choicelist-like holder: class-level virtual fields take ``(cls, choice, ar)``."""

    prefix = "base"

    @displayfield("Shout")
    def shout(cls, choice, ar):
        return f"{cls.prefix}:{choice.upper()}"


class SubList(FakeList):
    prefix = "sub"


def test_class_level_virtual_field_is_bound_to_the_accessing_class():
    assert FakeList.shout.value_from_object("a", None) == "base:A"
    assert SubList.shout.value_from_object("a", None) == "sub:A"
    assert SubList.shout is SubList.shout
    assert str(SubList.shout.verbose_name) == "Shout"


def test_classmethod_getter_is_class_level():
    class Holder:
        @displayfield("X")
        @classmethod
        def x(cls, obj, ar=None):
            return (cls.__name__, obj)

    assert Holder.x.value_from_object(1) == ("Holder", 1)


def test_default_verbose_name_comes_from_the_name():
    class Holder:
        @displayfield()
        def see_as(cls, obj, ar):
            return ""

    assert Holder.see_as.verbose_name == "see as"


@pytest.fixture
def partner_with_virtual_field():
    """Give the demo's Partner a virtual field for the duration of a test."""

    @displayfield("Label")
    def label(self, ar):
        return self.name.upper()

    Partner.label = label
    label.__set_name__(Partner, "label")
    collect_virtual_fields(Partner)
    yield Partner
    del Partner.label


@pytest.mark.django_db
def test_project_with_virtual_field_passes_check_and_makemigrations(partner_with_virtual_field):
    assert get_virtual_field(partner_with_virtual_field, "label").name == "label"
    out = StringIO()
    call_command("check", "contacts", stdout=out)
    try:
        call_command("makemigrations", "contacts", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"makemigrations sees the virtual field:\n{out.getvalue()}")
