"""Duplicate: the row, its cascaded slaves, hooks, unique fields, atomicity."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo_project.contacts.models import Company, Partner, Person, Role
from demo_project.notes.models import Note
from lino_core_model.exceptions import DuplicateError

pytestmark = pytest.mark.django_db


def test_duplicate_copies_row_and_cascaded_slaves():
    rumma = Company.objects.get(pk=100)
    roles = list(Role.objects.filter(company=rumma).values_list("person_id", "type_id"))
    assert roles
    new = rumma.duplicate()
    assert new.pk != rumma.pk
    assert (new.name, new.city, new.country_id) == (rumma.name, rumma.city, rumma.country_id)
    copied = Role.objects.filter(company=new).values_list("person_id", "type_id")
    assert sorted(copied) == sorted(roles)
    assert Role.objects.filter(company=rumma).count() == len(roles)  # originals untouched


def test_protected_references_are_not_copied():
    person = Person.objects.get(pk=203)
    new = person.duplicate()
    assert Note.objects.filter(partner=person).exists()
    assert not Note.objects.filter(partner_id=new.pk).exists()


def test_nullable_unique_field_is_left_empty():
    new = Company.objects.get(pk=100).duplicate()
    assert new.ref is None


def test_known_values_override():
    new = Company.objects.get(pk=100).duplicate(name="Rumma copy", ref="rumma2")
    assert (new.name, new.ref) == ("Rumma copy", "rumma2")


def test_unique_conflict_is_a_clear_error_and_writes_nothing():
    before = Partner.objects.count()
    with pytest.raises(DuplicateError, match="Cannot duplicate Rumma & Ko OÜ: ref:"):
        Company.objects.get(pk=100).duplicate(ref="garage")
    assert Partner.objects.count() == before


def test_hooks_are_called(monkeypatch):
    calls = []
    def hook(label, key):
        return lambda self, ar, master: calls.append((label, key(master)))

    monkeypatch.setattr(Company, "on_duplicate", hook("on", lambda m: m))
    monkeypatch.setattr(Role, "on_duplicate", hook("role", lambda m: m.pk))
    monkeypatch.setattr(Company, "after_duplicate", hook("after", lambda m: m.pk))
    new = Company.objects.get(pk=100).duplicate()
    n = Role.objects.filter(company_id=100).count()
    assert calls == [("on", None)] + [("role", new.pk)] * n + [("after", 100)]


def test_failure_in_after_duplicate_rolls_everything_back(monkeypatch):
    def boom(self, ar, master):
        raise RuntimeError("boom")

    monkeypatch.setattr(Company, "after_duplicate", boom, raising=False)
    before = (Partner.objects.count(), Role.objects.count())
    with pytest.raises(RuntimeError):
        Company.objects.get(pk=100).duplicate()
    assert (Partner.objects.count(), Role.objects.count()) == before


def test_query_count_does_not_grow_with_slaves():
    company = Company.objects.get(pk=104)
    people = [Person.objects.create(first_name=f"P{i}", last_name="Many") for i in range(30)]
    Role.objects.bulk_create(Role(company=company, person=p) for p in people)
    small = Company.objects.create(name="Small", country_id="BE")
    Role.objects.create(company=small, person=people[0])
    with CaptureQueriesContext(connection) as one:
        small.duplicate()
    with CaptureQueriesContext(connection) as many:
        company.duplicate()
    assert len(many) == len(one)


def _events_of_clients(*pks):
    from demo_project.cal.models import Event

    return sorted(Event.objects.filter(client_id__in=pks).values_list(
        "pk", "client_id", "contract__client_id", "contract_id", "summary", "start_date"))


def test_an_event_of_a_client_and_of_its_contract_is_copied_once():
    """Demo client 120 has events attached to its contracts too (issue 18)."""
    from demo_project.avanti.models import Client
    from demo_project.cal.models import Event
    from demo_project.contracts.models import Contract

    client = Client.objects.get(pk=120)
    original = _events_of_clients(120)
    assert any(contract for _, _, _, contract, _, _ in original)
    contracts = sorted(Contract.objects.filter(client=client).values_list("pk", flat=True))
    new = client.duplicate()
    assert _events_of_clients(120) == original  # the original gains and loses nothing
    assert Event.objects.filter(contract_id__in=contracts).exclude(client_id=120).count() == 0
    copies = _events_of_clients(new.pk)
    assert len(copies) == len(original)
    new_contracts = set(Contract.objects.filter(client=new).values_list("pk", flat=True))
    assert len(new_contracts) == len(contracts)
    assert {c for _, _, _, c, _, _ in copies} - {None} <= new_contracts
    assert all(cclient in (None, new.pk) for _, _, cclient, _, _, _ in copies)
    assert sorted((s, d, c is None) for _, _, _, c, s, d in copies) == sorted(
        (s, d, c is None) for _, _, _, c, s, d in original)


def test_duplicating_a_row_deleted_meanwhile_is_an_error():
    company = Company.objects.get(pk=100)
    stale = Company.objects.get(pk=100)
    Role.objects.filter(company=company).delete()
    company.delete()
    before = Partner.objects.count()
    with pytest.raises(DuplicateError, match="no longer exists"):
        stale.duplicate()
    assert Partner.objects.count() == before


def test_whether_slaves_have_slaves_is_one_query(django_assert_num_queries):
    """Before copying a client's contracts by ``INSERT ... SELECT``, one query asks
    whether any contract has slaves (events, problems) of its own."""
    from demo_project.avanti.models import Client
    from demo_project.contracts.models import Contract
    from lino_core_model.duplicate import has_slaves
    from lino_core_model.references import references_to

    [ref] = [r for r in references_to(Client) if r.model is Contract and r.copies]
    assert len([r for r in references_to(Contract) if r.copies]) > 1
    from demo_project.cal.models import Event

    client = Event.objects.filter(contract__isnull=False).values_list("client_id", flat=True)[0]
    bare = Client.objects.exclude(pk__in=Contract.objects.values("client_id")).first()
    with django_assert_num_queries(1):
        assert has_slaves(ref, Client.objects.filter(pk=client))
    with django_assert_num_queries(1):
        assert not has_slaves(ref, Client.objects.filter(pk=bare.pk))
