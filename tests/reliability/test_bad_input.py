"""Bad input gets a clear error or an empty result, and writes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo_project.contacts.models import Company, Partner, Person
from lino_core_model.exceptions import MergeError

pytestmark = pytest.mark.django_db

ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["%", "_", "'", '"', "#", "*", "\\", "\x00", " ", "\t"]),
    ),
    max_size=300,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ODD_TEXT)
def test_quick_search_never_raises(text):
    for model in (Partner, Person, Company):
        list(model.objects.filter(model.quick_search_filter(text)).values_list("pk", flat=True)[:5])


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "#" + "1" * 500, "*" * 50, "a\x00b", "\x00", "²", "#²", "#٣"]
)
def test_extreme_search_texts(text):
    assert isinstance(list(Partner.objects.filter(Partner.quick_search_filter(text))), list)


def test_merge_into_itself_writes_nothing():
    person = Person.objects.get(pk=203)
    count = Partner.objects.count()
    with pytest.raises(MergeError, match="Cannot merge an instance to itself."):
        person.merge_into(Person.objects.get(pk=203))
    assert Partner.objects.count() == count


def store_raw_state(note, value: str) -> None:
    """Write a state value past the ORM (which refuses unknown values)."""
    from django.db import connection

    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(note._meta.db_table)} SET {q('state')} = %s WHERE {q('id')} = %s",
            [value, note.pk],
        )


def test_stored_choice_value_missing_from_its_list():
    """A row whose stored state is no longer in the list stays readable and intact."""
    from django.core.exceptions import ValidationError

    from demo_project.notes.models import Note

    note = Note.objects.first()
    store_raw_state(note, "99")
    note = Note.objects.get(pk=note.pk)
    assert note.state.value == "99"
    assert str(note.state) == "'99' (invalid choice for notes.NoteStates)"
    note.save()  # saving it unchanged loses nothing
    assert Note.objects.get(pk=note.pk).state.value == "99"
    with pytest.raises(ValidationError, match="Unresolved value '99' for notes.NoteStates."):
        note.full_clean()


def test_admin_lists_a_row_with_a_missing_choice_value(admin_client):
    from demo_project.notes.models import Note

    note = Note.objects.first()
    store_raw_state(note, "99")
    response = admin_client.get("/admin/notes/note/")
    assert response.status_code == 200
    assert f"/admin/notes/note/{note.pk}/change/" in response.content.decode()
    assert admin_client.get(f"/admin/notes/note/{note.pk}/change/").status_code == 200


def test_gfk_with_a_content_type_id_that_does_not_exist():
    """Validation names the field; the database refuses the row anyway."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, connection, transaction

    from demo_project.notes.models import Note

    note = Note.objects.first()
    note.owner_type_id, note.owner_id = 987654, 1
    with pytest.raises(ValidationError) as exc:
        note.full_clean()
    assert "owner_type" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.filter(pk=note.pk).update(owner_type_id=987654, owner_id=1)
        connection.check_constraints([Note._meta.db_table])  # deferred: check now
    assert Note.objects.get(pk=note.pk).owner_type_id != 987654


def test_summary_model_name_that_does_not_exist():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="nosuch.Model"):
        call_command("checksummaries", "nosuch.Model")


def test_date_period_ending_before_it_starts_writes_nothing():
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from demo_project.avanti.models import Client
    from lino_coachings.models import Coaching

    coaching = Coaching(client=Client.objects.first(), user=get_user_model().objects.first(),
                        start_date="2024-05-01", end_date="2024-04-30")
    count = Coaching.objects.count()
    with pytest.raises(ValidationError, match="Date period ends before it started."):
        coaching.full_clean()
    assert Coaching.objects.count() == count


def test_client_contact_with_no_field_filled_writes_nothing():
    from django.core.exceptions import ValidationError

    from demo_project.avanti.models import Client
    from lino_clients.models import ClientContact

    count = ClientContact.objects.count()
    with pytest.raises(ValidationError, match="Must fill at least one field."):
        ClientContact(client=Client.objects.first()).full_clean()
    assert ClientContact.objects.count() == count
