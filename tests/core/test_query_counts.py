"""Query-count guarantees (``benchmarks/`` measures the times): each fails if one breaks."""

from __future__ import annotations

import contextlib
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo_project.contacts.models import Company, Country, Partner, Person, Role
from demo_project.notes.models import Note
from lino_core_model.api import rt
from lino_core_model.references import PROTECT, references_to

pytestmark = pytest.mark.django_db


def company_with_roles(count: int) -> Company:
    company = Company.objects.create(name="Counted")
    person = Person.objects.first()
    Role.objects.bulk_create(Role(company=company, person=person) for _ in range(count))
    return company


def partner_with_notes(count: int) -> Partner:
    partner = Partner.objects.create(name="Counted")
    Note.objects.bulk_create(
        Note(partner=partner, owner=partner, date=datetime.date(2024, 1, 1), subject=str(i))
        for i in range(count)
    )
    return partner


def queries_of(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_disable_delete_one_query_for_every_protecting_relation(django_assert_num_queries):
    free = Partner.objects.create(name="Free")
    free.disable_delete()  # warm the content type cache
    assert len([r for r in references_to(Partner) if r.policy == PROTECT]) > 2
    # one query asks for the row's MTI children (a Person, a Company...) and counts
    # the rows of every protecting relation
    with django_assert_num_queries(1):
        assert free.disable_delete() is None


def test_disable_delete_of_a_referenced_row_loads_no_row(django_assert_num_queries):
    partner = partner_with_notes(30)
    partner.disable_delete()
    # one query asks every relation (and the MTI children), one counts the first with rows
    with CaptureQueriesContext(connection) as ctx, django_assert_num_queries(2):
        assert "30 Notes" in partner.disable_delete()
    probe, count = (q["sql"] for q in ctx.captured_queries)
    assert probe.startswith("SELECT EXISTS (") and count.startswith("SELECT (SELECT COUNT(*)")


def test_disable_delete_counts_up_to_a_limit(monkeypatch):
    from lino_core_model import deletion

    monkeypatch.setattr(deletion, "VETO_COUNT_LIMIT", 20)
    partner = partner_with_notes(30)
    assert partner.disable_delete() == (
        "Cannot delete Counted because more than 20 Notes refer to it."
    )


def test_duplicate_query_count_independent_of_slave_count(django_assert_num_queries):
    company_with_roles(1).duplicate()  # warm the caches
    few = queries_of(company_with_roles(2).duplicate)
    many = company_with_roles(60)
    with django_assert_num_queries(few):
        new = many.duplicate()
    assert Role.objects.filter(company=new).count() == 60


def test_cascaded_delete_query_count_independent_of_slave_count(django_assert_num_queries):
    company_with_roles(1).delete()
    few = queries_of(company_with_roles(2).delete)
    many = company_with_roles(60)
    with django_assert_num_queries(few):
        many.delete()
    assert not Role.objects.filter(company_id=many.pk).exists()


def test_merge_query_count_independent_of_reference_count(django_assert_num_queries):
    partner_with_notes(1).merge_into(partner_with_notes(1))
    few = queries_of(lambda: partner_with_notes(1).merge_into(partner_with_notes(1)))
    few -= queries_of(lambda: (partner_with_notes(1), partner_with_notes(1)))  # the set-up
    source, target = partner_with_notes(40), partner_with_notes(40)
    with django_assert_num_queries(few):
        source.merge_into(target)
    assert Note.objects.filter(partner=target).count() == 80


def show_first_page() -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        rt.show(rt.models.contacts.Partners, limit=5)


def test_show_first_page_is_one_query_whatever_the_table_size(django_assert_num_queries):
    country = Country.objects.first()
    Partner.objects.bulk_create(Partner(name=f"AAA {i}", country=country) for i in range(50))
    show_first_page()  # warm the caches
    with django_assert_num_queries(1):  # the countries shown are joined, not one query each
        show_first_page()
    Partner.objects.bulk_create(Partner(name=f"AAB {i}", country=country) for i in range(500))
    with django_assert_num_queries(1):
        show_first_page()
