"""ContentTypes and HelpTexts tables, and custom help texts in the admin forms."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from demo_project.contacts.models import Person
from demo_project.notes.models import Note
from lino_core_model.api import rt
from lino_gfks.admin import custom_help_texts
from lino_gfks.models import HelpText

pytestmark = pytest.mark.django_db


def test_content_types_columns_and_base_classes(capsys):
    gfks = rt.models.gfks
    assert gfks.ContentTypes.get_column_names() == ["id", "app_label", "model", "base_classes"]
    person = ContentType.objects.get_for_model(Person)
    html = gfks.ContentTypes.base_classes.value_from_object(person, None)
    assert html.tag == "span" and html[0].tag == "a"
    assert html[0].get("href") == (
        f"/admin/contenttypes/contenttype/{ContentType.objects.get(model='partner').pk}/change/")
    rt.show(gfks.ContentTypes)
    out = capsys.readouterr().out
    assert " ID " in out and "python model class name" in out and "Base classes" in out
    assert "contacts.partner" in out


def test_help_texts_table(capsys):
    rt.show(rt.models.gfks.HelpTexts)
    out = capsys.readouterr().out
    assert "What the note is about, in a few words." in out
    assert "Subject" in out  # the verbose name of the field


def test_help_text_must_name_a_field():
    from django.core.exceptions import ValidationError

    text = HelpText(content_type=ContentType.objects.get_for_model(Note), field="nope",
                    help_text="x")
    with pytest.raises(ValidationError, match="has no field 'nope'"):
        text.full_clean()
    assert str(HelpText.objects.get(field="subject")) == "notes.note.subject"


def test_one_help_text_per_field():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        HelpText.objects.create(content_type=ContentType.objects.get_for_model(Note),
                                field="subject", help_text="again")


def test_custom_help_text_is_shown_in_the_admin_form(robin):
    assert custom_help_texts(Note) == {"subject": "What the note is about, in a few words."}
    note = Note.objects.get(subject="Visit at home")
    html = robin.get(f"/admin/notes/note/{note.pk}/change/").content.decode()
    assert "What the note is about, in a few words." in html
    html = robin.get("/admin/notes/note/add/").content.decode()
    assert "What the note is about, in a few words." in html


def test_admin_offers_the_rows_of_the_owner_type(robin):
    note = Note.objects.get(subject="Visit at home")
    html = robin.get(f"/admin/notes/note/{note.pk}/change/").content.decode()
    assert '<select name="owner_id"' in html
    assert f'<option value="{note.owner_id}" selected>' in html


def test_help_text_and_content_type_admin_pages(robin):
    assert robin.get("/admin/gfks/helptext/").status_code == 200
    assert robin.get("/admin/contenttypes/contenttype/").status_code == 200
