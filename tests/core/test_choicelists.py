"""Choicelists, choices and ChoiceListField."""

from __future__ import annotations

import copy
import pickle

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.utils import translation
from django.utils.functional import lazy
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from demo_project.notes.choicelists import NoteStates
from demo_project.notes.models import Note
from lino_core_model.choicelists import Choice, ChoiceList, ChoiceListField, displayfield


class Colors(ChoiceList):
    verbose_name = _("Color")
    verbose_name_plural = _("Colors")
    default_value = "blue"
    column_names = "value name text hex"

    @displayfield(_("Hex code"))
    def hex(cls, choice, ar):
        return f"#{choice.rgb}"


Colors.add_item("01", _("Red"), "red", rgb="f00")
Colors.add_item("02", _("Blue"), "blue blau bleu", rgb="00f")
Colors.add_item("03", _("Green"), "green", rgb="0f0")


def make_list(**attrs):
    """A fresh list class (tests that change a list use their own)."""
    return type("MyColors", (ChoiceList,), {"__module__": __name__, **attrs})


# -- Choice -------------------------------------------------------------------


def test_choice_attributes():
    red = Colors.red
    assert (red.value, red.name, red.names, red.rgb) == ("01", "red", ("red",), "f00")
    assert str(red) == "Red" and red.button_text is None
    assert Colors.blue.names == ("blue", "blau", "bleu")


def test_text_is_evaluated_lazily():
    language = lazy(translation.get_language, str)()
    choice = make_list().add_item("1", language)
    with translation.override("de"):
        assert str(choice) == "de"
    with translation.override("fr"):
        assert str(choice) == "fr"


def test_text_defaults_to_value():
    lst = make_list()
    assert str(lst.add_item("x1")) == "x1"


def test_value_must_be_a_string():
    with pytest.raises(TypeError, match="value must be a string"):
        Choice(1, "One")


@pytest.mark.parametrize("names", ["2nd", "a-b", "class"])
def test_names_must_be_identifiers(names):
    with pytest.raises(ValueError, match=f"'{names}' is not a valid identifier"):
        Choice("1", "x", names)


def test_synonyms_give_the_same_choice():
    assert Colors.blue is Colors.blau is Colors.bleu
    assert Colors.get_by_name("bleu") is Colors.blue


def test_repr_uses_app_label_and_name():
    assert repr(Colors.red) == "<tests.core.test_choicelists.Colors.red:01>"
    assert repr(NoteStates.draft) == "<notes.NoteStates.draft:10>"
    assert repr(make_list().add_item("7")) == "<tests.core.test_choicelists.MyColors:7>"
    assert repr(Choice("5")) == "<Choice:5>"


def test_compares_with_choices_and_value_strings():
    assert Colors.red == "01" and "01" == Colors.red and Colors.red != "red"
    assert Colors.red < Colors.blue and Colors.green > Colors.blue
    assert Colors.red < "02" and Colors.green >= "03"
    assert sorted([Colors.green, Colors.red]) == [Colors.red, Colors.green]


def test_choices_of_other_lists_are_never_equal_nor_ordered():
    other = make_list()
    twin = other.add_item("01", "Red", "red")
    assert twin != Colors.red
    with pytest.raises(TypeError, match="Cannot compare"):
        assert twin < Colors.blue


def test_hash_is_consistent_with_equality():
    assert hash(Colors.red) == hash("01")
    assert {"01": "x"}[Colors.red] == "x"
    assert Colors.red in {"01", "02"}


def test_copies_and_pickles_are_the_same_choice():
    assert copy.copy(Colors.red) is Colors.red
    assert copy.deepcopy({"c": Colors.red})["c"] is Colors.red
    assert pickle.loads(pickle.dumps(Colors.blue)) is Colors.blue


# -- ChoiceList -----------------------------------------------------------------


def test_list_is_never_instantiated():
    with pytest.raises(TypeError, match="do not instantiate"):
        Colors()


def test_add_item_returns_the_choice_and_makes_it_an_attribute():
    lst = make_list()
    red = lst.add_item("01", "Red", "red")
    assert red is lst.red and red.choicelist is lst
    assert lst.get_list_items() == [red]


def test_duplicate_value_is_refused():
    msg = r"^Duplicate value '02' in tests.core.test_choicelists.Colors\.$"
    with pytest.raises(ValueError, match=msg):
        Colors.add_item("02", "Yellow", "yellow")


@pytest.mark.parametrize("name", ["green", "verbose_name_plural", "add_item"])
def test_existing_attribute_name_is_refused(name):
    msg = f"^An attribute named '{name}' is already defined in Colors$"
    with pytest.raises(ValueError, match=msg):
        Colors.add_item("09", "Other", name)
    assert Colors.get_by_value("09") is None


def test_label_is_refused():
    with pytest.raises(TypeError, match="label replaced by verbose_name_plural"):
        make_list(label="Colors")


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="Colors has no choice or attribute 'purple'"):
        assert Colors.purple


def test_none_value_is_numbered():
    lst = make_list()
    assert [lst.add_item(text=t).value for t in "ab"] == ["1", "2"]


def test_items_keep_insertion_order():
    lst = make_list()
    lst.add_item("2", "B")
    lst.add_item("1", "A")
    assert [c.value for c in lst.get_list_items()] == ["2", "1"]


def test_add_item_instance_uses_a_choice_subclass():
    class Fancy(Choice):
        pass

    lst = make_list()
    fancy = lst.add_item_instance(Fancy("1", "One", "one"))
    assert lst.one is fancy
    with pytest.raises(ValueError, match="already in a choicelist"):
        make_list().add_item_instance(fancy)


def test_item_class_is_used_by_add_item():
    class Fancy(Choice):
        pass

    assert type(make_list(item_class=Fancy).add_item("1")) is Fancy


def test_remove_item_and_clear():
    lst = make_list()
    a, b = lst.add_item("1", "A", "a"), lst.add_item("2", "B", "b")
    lst.remove_item(a)
    assert lst.get_list_items() == [b] and lst.get_by_value("1") is None
    assert not hasattr(lst, "a") and a.choicelist is None
    with pytest.raises(ValueError, match="is not in"):
        lst.remove_item(a)
    lst.clear()
    assert lst.get_list_items() == [] and lst.get_by_name("b") is None


def test_an_application_can_replace_the_items():
    lst = make_list(default_value="old")
    lst.add_item("10", "Old", "old")
    lst.clear()
    lst.add_item("05", "Incoming", "incoming")
    lst.add_item("10", "Newcomer", "old")
    assert [c.name for c in lst.get_list_items()] == ["incoming", "old"]
    assert str(lst.get_default_value()) == "Newcomer"


def test_subclasses_have_their_own_items():
    base = make_list()
    base.add_item("1", "One", "one")
    empty = type("Sub", (base,), {})
    assert empty.get_list_items() == [] and not hasattr(empty, "one")
    empty.add_item("1", "Uno", "one")
    assert str(base.one) == "One"


def test_subclass_can_copy_the_items():
    base = make_list()
    base.add_item("1", "One", "one")

    class Extended(base, inherit_items=True):
        pass

    Extended.add_item("2", "Two", "two")
    assert [c.value for c in Extended.get_list_items()] == ["1", "2"]
    assert Extended.one is not base.one and Extended.one.choicelist is Extended
    assert base.get_list_items() == [base.one]


def test_get_by_value_and_name():
    assert Colors.get_by_value("03") is Colors.green
    assert Colors.get_by_value("99", "none") == "none"
    assert Colors.get_by_name("red") is Colors.red
    assert Colors.get_by_name("nope", 0) == 0
    assert Colors.get_by_name("") is None and Colors.get_by_name(None) is None
    with pytest.raises(TypeError, match="3 is not a string"):
        Colors.get_by_value(3)


def test_to_python_accepts_choices_values_and_names():
    assert Colors.to_python(Colors.red) is Colors.red
    assert Colors.to_python("02") is Colors.blue
    assert Colors.to_python("blau") is Colors.blue
    assert Colors.to_python("") is None and Colors.to_python(None) is None


def test_to_python_names_the_list_and_the_value():
    with pytest.raises(ValidationError) as exc:
        Colors.to_python("99")
    assert exc.value.messages == ["Unresolved value '99' for tests.core.test_choicelists.Colors."]
    assert exc.value.code == "invalid_choice"
    with pytest.raises(ValidationError, match="Unresolved value"):
        Colors.to_python(NoteStates.draft)


def test_get_choices_and_filter_and_find():
    assert Colors.get_choices() == [("01", "Red"), ("02", "Blue"), ("03", "Green")]
    assert Colors.filter(rgb="00f") == [Colors.blue]
    assert Colors.filter(nonexistent=1) == []
    assert Colors.find(rgb="0f0") is Colors.green
    lst = make_list()
    lst.add_item("1", kind="x")
    lst.add_item("2", kind="x")
    assert lst.find(kind="x") is None and lst.find(kind="y") is None


def test_max_length_grows_until_a_field_exists():
    lst = make_list()
    lst.add_item("a" * 12)
    assert lst.max_length == 12
    assert lst.field().max_length == 12
    lst.add_item("b" * 12)
    with pytest.raises(ValueError, match="because fields exist and max_length is 12"):
        lst.add_item("c" * 13)


def test_columns_for_display():
    assert Colors.column_names == "value name text hex"
    headers = [Colors.get_column_header(n) for n in Colors.column_names.split()]
    assert headers == ["value", "name", "text", "Hex code"]
    assert Colors.get_column_header("button_text") == "Button text"
    row = [Colors.get_column_value(n, Colors.blue) for n in Colors.column_names.split()]
    assert row == ["02", "blue blau bleu", "Blue", "#00f"]
    assert Colors.get_column_value("button_text", Colors.blue) == ""
    with pytest.raises(AttributeError, match="Colors has no column 'rgb'"):
        Colors.get_column_header("rgb")


def test_displayfield_receives_the_request():
    lst = make_list(
        who=displayfield("Who")(lambda cls, choice, ar: f"{cls.__name__}/{choice.value}/{ar}")
    )
    choice = lst.add_item("1")
    assert lst.get_column_value("who", choice, ar="req") == "MyColors/1/req"


# -- ChoiceListField --------------------------------------------------------


def test_field_takes_max_length_verbose_name_and_default_from_the_list():
    field = Colors.field()
    assert isinstance(field, ChoiceListField) and isinstance(field, models.CharField)
    assert (field.max_length, str(field.verbose_name)) == (10, "Color")
    assert field.has_default() and field.get_default() is Colors.blue


def test_field_default_may_be_a_name_a_value_a_choice_or_a_callable():
    assert Colors.field(default="red").get_default() is Colors.red
    assert Colors.field(default="03").get_default() is Colors.green
    assert Colors.field(default=Colors.red).get_default() is Colors.red
    assert Colors.field(default=lambda: "green").get_default() is Colors.green


def test_field_default_follows_the_list():
    lst = make_list()
    lst.add_item("1", "A", "a")
    field = lst.field()
    assert not field.has_default() and field.get_default() is None
    lst.default_value = "a"
    assert field.get_default() is lst.a


def test_field_is_never_null():
    with pytest.raises(TypeError, match="never NULL"):
        Colors.field(null=True)
    with pytest.raises(TypeError, match="takes its choices from its choicelist"):
        Colors.field(choices=[("1", "x")])


def test_field_converts_values():
    field = Colors.field()
    assert field.to_python("01") is Colors.red
    assert field.from_db_value("02", None, None) is Colors.blue
    assert field.from_db_value("", None, None) is None
    assert [field.get_prep_value(v) for v in (Colors.red, "02", "green", None, "")] == [
        "01", "02", "03", "", ""]
    with pytest.raises(ValidationError, match="is not an item of"):
        field.get_prep_value(NoteStates.draft)
    with pytest.raises(ValidationError, match="Unresolved value '99'"):
        field.get_prep_value("99")


def test_field_clean_validates():
    field = Colors.field()
    assert field.clean("01", None) is Colors.red
    with pytest.raises(ValidationError, match="cannot be blank"):
        field.clean("", None)
    assert Colors.field(blank=True).clean("", None) is None


def test_field_choices_are_live():
    lst = make_list()
    lst.add_item("1", "One")
    field = lst.field(blank=True)
    formfield = field.formfield()
    lst.add_item("2", "Two")
    assert list(field.choices) == [("1", "One"), ("2", "Two")]
    assert [v for v, _ in formfield.choices] == ["", "1", "2"]


def test_formfield_is_a_select_giving_choices():
    formfield = Colors.field().formfield()
    assert isinstance(formfield.widget, forms.Select)
    assert formfield.initial is Colors.blue and not formfield.show_hidden_initial
    html = formfield.widget.render("c", formfield.prepare_value(Colors.blue))
    assert 'value="02" selected' in html
    assert formfield.clean("03") is Colors.green
    with pytest.raises(ValidationError, match="Select a valid choice"):
        formfield.clean("99")


def test_deconstruct_has_no_choices_and_plain_values():
    field = Colors.field()
    field.set_attributes_from_name("color")
    name, path, args, kwargs = field.deconstruct()
    assert path == "lino_core_model.models.ChoiceListField"  # the stable path
    assert kwargs["choicelist"] == "tests.core.test_choicelists.Colors"
    assert kwargs["default"] == "02" and kwargs["max_length"] == 10
    assert "choices" not in kwargs
    serialized, _imports = MigrationWriter.serialize(field)
    assert "choices" not in serialized and "Red" not in serialized


def test_deconstruct_round_trip():
    field = Colors.field(default="green", blank=True, help_text="Pick one")
    field.set_attributes_from_name("color")
    name, path, args, kwargs = field.deconstruct()
    clone = import_string(path)(*args, **kwargs)
    assert clone.choicelist is Colors
    assert clone.get_default() is Colors.green and clone.blank and clone.max_length == 10
    assert clone.to_python("01") is Colors.red and clone.get_prep_value(Colors.blue) == "02"
    clone.set_attributes_from_name("color")
    assert clone.deconstruct() == (name, path, args, kwargs)


def test_dotted_path_is_resolved_lazily():
    field = ChoiceListField("tests.core.test_nonexistent.Nothing", max_length=5)
    assert field.max_length == 5
    with pytest.raises(ImportError):
        assert field.choicelist


@pytest.mark.django_db
def test_database_round_trip():
    note = Note.objects.first()
    assert Note._meta.get_field("state").max_length == NoteStates.max_length
    note.state = "done"  # a name is accepted when saving
    note.save()
    stored = Note.objects.values_list("state", flat=True).get(pk=note.pk)
    assert stored is NoteStates.done
    assert Note.objects.filter(pk=note.pk, state="20").exists()
    assert Note.objects.filter(pk=note.pk, state__in=[NoteStates.done, "draft"]).exists()
    assert note.get_state_display() == "Done"


@pytest.mark.django_db
def test_empty_is_stored_as_empty_string():
    note = Note.objects.first()
    Note.objects.filter(pk=note.pk).update(state=None)
    note.refresh_from_db()
    assert note.state is None
    assert Note.objects.filter(pk=note.pk, state="").exists()


@pytest.mark.django_db
def test_unknown_value_in_a_query_is_a_clear_error():
    with pytest.raises(ValidationError, match="Unresolved value '99' for notes.NoteStates"):
        list(Note.objects.filter(state="99"))


@pytest.mark.django_db
def test_new_rows_get_the_default():
    assert Note().state is NoteStates.draft


def test_assigned_values_and_names_become_choices():
    note = Note(state="20")
    assert note.state is NoteStates.done
    note.state = "cancelled"
    assert note.state is NoteStates.cancelled
    note.state = "99"  # kept, and reported by full_clean()
    assert note.state == "99"
    with pytest.raises(ValidationError, match="Unresolved value '99'"):
        note.clean_fields(exclude=[f.name for f in Note._meta.fields if f.name != "state"])


def test_field_passes_the_system_checks():
    assert Note._meta.get_field("state").check() == []


@pytest.mark.django_db
def test_model_form_shows_and_saves_the_choice():
    note = Note.objects.filter(state=NoteStates.draft).first()
    form_class = forms.modelform_factory(Note, fields=["state"])
    assert 'value="10" selected' in str(form_class(instance=note)["state"])
    form = form_class({"state": "30"}, instance=note)
    assert form.is_valid() and form.has_changed()
    form.save()
    note.refresh_from_db()
    assert note.state is NoteStates.cancelled
    assert not form_class({"state": "30"}, instance=note).has_changed()
