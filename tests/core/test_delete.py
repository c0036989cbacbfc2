"""The delete policy: PROTECT unless listed in allow_cascaded_delete, and the vetoes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import ProtectedError

from demo_project.contacts.models import Company, Partner, Person, Role
from demo_project.notes.models import Note
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.options import lino_options

pytestmark = pytest.mark.django_db


def test_unlisted_cascade_becomes_protect():
    assert Note._meta.get_field("partner").remote_field.on_delete is models.PROTECT
    assert Role._meta.get_field("person").remote_field.on_delete is models.PROTECT


def test_listed_foreign_key_keeps_cascade():
    assert lino_options(Role).cascaded_delete == frozenset({"company"})
    assert Role._meta.get_field("company").remote_field.on_delete is models.CASCADE


def test_mti_parent_link_keeps_cascade():
    link = Person._meta.get_field("partner_ptr")
    assert link.remote_field.on_delete is models.CASCADE


def test_migrations_record_protect():
    name, path, args, kwargs = Note._meta.get_field("partner").deconstruct()
    assert kwargs["on_delete"] is models.PROTECT


def test_disable_delete_message_counts_referencing_rows():
    person = Person.objects.get(pk=203)  # Andreas Arens: notes point to his Partner row
    Role.objects.filter(person=person).delete()
    n = Note.objects.filter(partner_id=203).count()
    assert n > 1
    assert person.disable_delete() == (
        f"Cannot delete ARENS Andreas because {n} Notes refer to it."
    )


def test_disable_delete_singular():
    person = Person.objects.get(pk=201)
    Note.objects.filter(partner=person).delete()
    Role.objects.filter(person=person).delete()
    Note.objects.create(partner=person, date="2024-01-01", subject="x")
    assert person.disable_delete() == "Cannot delete ALTENBERG Hans because 1 Note refers to it."


def test_disable_delete_none_when_free():
    person = Person.objects.create(first_name="Free", last_name="Man")
    assert person.disable_delete() is None


def test_disable_delete_counts_without_loading_rows(django_assert_max_num_queries):
    person = Person.objects.get(pk=203)
    # its MTI child (a Client?), the EXISTS of every relation, one COUNT
    with django_assert_max_num_queries(3):
        assert person.disable_delete()


def test_obj_delete_vetoed_deletes_nothing():
    person = Person.objects.get(pk=203)
    before = (Partner.objects.count(), Note.objects.count())
    with pytest.raises(DeleteVetoed) as exc:
        person.delete()
    assert str(exc.value) == person.disable_delete()
    assert isinstance(exc.value, ProtectedError)  # Django code catching it keeps working
    assert (Partner.objects.count(), Note.objects.count()) == before


def test_queryset_delete_vetoed_deletes_nothing():
    before = Partner.objects.count()
    free = Person.objects.create(first_name="Free", last_name="Man")
    qs = Person.objects.filter(pk__in=[free.pk, 203])
    with pytest.raises(DeleteVetoed, match=r"^Cannot delete ARENS Andreas because \d+ "):
        qs.delete()
    assert Partner.objects.count() == before + 1


def test_cascaded_delete_removes_listed_slaves():
    company = Company.objects.create(name="Temp Ltd")
    person = Person.objects.create(first_name="Tom", last_name="Temp")
    Role.objects.create(company=company, person=person)
    assert company.disable_delete() is None
    company.delete()
    assert not Role.objects.filter(person=person).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_deleting_mti_parent_row_sees_references_to_it():
    company = Company.objects.create(name="Temp Ltd")
    Note.objects.create(partner=company, date="2024-01-01", subject="x")
    partner = Partner.objects.get(pk=company.pk)
    with pytest.raises(DeleteVetoed, match="Cannot delete Temp Ltd because 1 Note refers"):
        partner.delete()
    assert Company.objects.filter(pk=company.pk).exists()


def test_user_with_notes_is_protected():
    user = get_user_model().objects.get(username="rolf")
    assert user.disable_delete().startswith("Cannot delete rolf because")


def company_with_roles(n: int) -> Company:
    company = Company.objects.create(name="Roles Ltd")
    person = Person.objects.create(first_name="Rob", last_name="Role")
    Role.objects.bulk_create(Role(company=company, person=person) for _ in range(n))
    return company


def test_obj_delete_query_count_does_not_grow_with_slaves(django_assert_num_queries):
    """Lock (where rows lock), one query for every check, Django's delete: the same
    number of queries for 1 or 30 slaves."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    company_with_roles(1).delete()  # compiles the check query of Company
    company = company_with_roles(1)
    with CaptureQueriesContext(connection) as one:
        company.delete()
    company = company_with_roles(30)
    with django_assert_num_queries(len(one.captured_queries)):
        company.delete()
    assert not Role.objects.filter(company=company.pk).exists()


def test_reused_check_query_still_vetoes_and_names_the_row():
    """The check query compiled for one company serves the next: it finds their own
    references (the veto counts them) and those of their slaves."""
    company_with_roles(1).delete()
    company = company_with_roles(2)
    Note.objects.create(partner=company, date="2024-01-01", subject="x")
    with pytest.raises(DeleteVetoed, match="^Cannot delete Roles Ltd because 1 Note refers"):
        company.delete()
    assert Role.objects.filter(company=company).count() == 2


def test_a_query_is_compiled_once_only_where_the_key_is_a_parameter():
    """The compiled delete checks, vetoes and row locks serve every row of a model
    (``compile_per_pk``) only where the row's key is a parameter of their SQL."""
    from lino_core_model.utils import compile_per_pk

    bind = compile_per_pk(lambda pk: ("SELECT %s, %s", [pk, "x"]))
    assert bind(7) == ("SELECT %s, %s", [7, "x"])
    assert compile_per_pk(lambda pk: (f"SELECT {pk}", [])) is None  # the key in the SQL
    assert compile_per_pk(lambda pk: ("SELECT %s", [pk + 1])) is None  # derived from it
    assert compile_per_pk(lambda pk: None)(7) is None  # nothing to ask, for any row
