"""Delete veto, cascaded delete, duplicate and merge: ours against hand-written SQL."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.db.models.signals import pre_delete

from demo_project.contacts.models import Company, Partner, Person
from lino_core_model.references import PROTECT, references_to

from . import data
from .timing import Result, compare, compare_both, count_queries


def new_partner(notes: int) -> Partner:
    """A plain partner with ``notes`` notes about it (and owned by it)."""
    partner = Partner.objects.create(name="Bench partner")
    data.insert_notes(partner.pk, partner.pk, notes, data.partner_ct_id())
    return partner


def new_company(roles: int) -> Company:
    """A company with ``roles`` contact persons (all the same person)."""
    company = Company.objects.create(name="Bench company")
    person_id = Person.objects.values_list("pk", flat=True).first()
    data.insert_roles(company.pk, person_id, roles)
    return company


def bench_disable_delete(size: int) -> Result:
    partner = new_partner(size)
    relations = [r for r in references_to(Partner) if r.policy == PROTECT]

    exists = [ref.rows(partner).values("pk").query.sql_with_params() for ref in relations]

    def baseline(_) -> bool:  # one raw SELECT EXISTS per protecting relation
        return any([data.scalar(f"SELECT EXISTS ({sql})", params) for sql, params in exists])

    ours, base, queries = compare(lambda _: partner.disable_delete(), baseline, repeat=21)
    loads = [q for q in queries if not ("COUNT(" in q or "EXISTS" in q or "LIMIT 1" in q)]
    met = ours <= 2 * base and len(queries) <= len(relations) + 1 and not loads
    return Result("disable_delete (veto)", f"{size:,} refs", ours, base,
                  "ratio<=2, q=relations, no rows", len(queries), met,
                  f"{len(relations)} protecting relations")


def collector_delete(company: Company) -> None:
    """Django's own delete, without our receivers (so the collector may fast-delete)."""
    receivers = pre_delete.receivers
    pre_delete.receivers = []
    pre_delete.sender_receivers_cache.clear()
    try:
        collector = Collector(using=company._state.db)
        collector.collect([company])
        collector.delete()
    finally:
        pre_delete.receivers = receivers
        pre_delete.sender_receivers_cache.clear()


def bench_cascaded_delete(size: int, repeat: int = 15) -> Result:
    """``Model.delete()`` of a company with ``size`` roles against Django's Collector; the
    query count must not depend on ``size`` (checked against 10 roles)."""
    ours, base, queries, base_queries = compare_both(
        lambda c: c.delete(), collector_delete, lambda: new_company(size), repeat=repeat)
    small = count_queries(lambda c: c.delete(), lambda: new_company(10))
    met = ours <= 1.5 * base and len(queries) == len(small)
    return Result("cascaded delete", f"{size:,} slaves", ours, base,
                  "ratio<=1.5, q independent of slaves", len(queries), met,
                  f"baseline: Collector, no receivers, {len(base_queries)} queries; "
                  f"ours {len(small)} queries with 10 slaves")


def hand_duplicate(company: Company) -> int:
    """The copy of ``company`` and its roles by ``INSERT ... SELECT``."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO contacts_partner (name, email, city, country_id, "
            "client_contact_type_id) SELECT name, email, city, country_id, "
            "client_contact_type_id FROM contacts_partner WHERE id = %s RETURNING id",
            [company.pk])
        new_id = cursor.fetchone()[0]
        cursor.execute("INSERT INTO contacts_company (partner_ptr_id, ref) VALUES (%s, NULL)",
                       [new_id])
        cursor.execute(
            "INSERT INTO contacts_role (type_id, person_id, company_id) "
            "SELECT type_id, person_id, %s FROM contacts_role WHERE company_id = %s",
            [new_id, company.pk])
        return new_id


def bench_duplicate(size: int) -> Result:
    company = new_company(size)
    ours, base, queries = compare(lambda _: company.duplicate(), lambda _: hand_duplicate(company),
                                  repeat=3)
    small = count_queries(lambda c: c.duplicate(), lambda: new_company(10))
    same = len(queries) == len(small)
    return Result("duplicate", f"{size:,} slaves", ours, base,
                  "ratio<=3, q independent of slaves", len(queries), ours <= 3 * base and same,
                  f"{len(small)} queries with 10 slaves")


def update_sql(ref) -> str:
    """``UPDATE`` moving the references of ``ref`` (placeholders: new id, old id)."""
    table = ref.model._meta.db_table
    if hasattr(ref, "id_field"):  # a GFK: content type and id columns
        column = ref.id_field.column
        ct = ref.model._meta.get_field(ref.field.ct_field).column
        return (f"UPDATE {table} SET {column} = %s WHERE {ct} = {ref.content_type.pk} "
                f"AND {column} = %s")
    column = ref.field.column
    return f"UPDATE {table} SET {column} = %s WHERE {column} = %s"


def hand_merge(pair: tuple[Partner, Partner]) -> None:
    """One UPDATE per relation pointing to partners, then the DELETE, by hand."""
    source, target = pair
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in map(update_sql, references_to(Partner)):
            cursor.execute(sql, [target.pk, source.pk])
        cursor.execute("DELETE FROM contacts_partner WHERE id = %s", [source.pk])


def bench_merge(size: int) -> Result:
    def pair() -> tuple[Partner, Partner]:
        return new_partner(size), new_partner(size)

    ours, base, queries = compare(lambda p: p[0].merge_into(p[1]), hand_merge, pair, repeat=3)
    small = len(count_queries(lambda p: p[0].merge_into(p[1]),
                              lambda: (new_partner(1), new_partner(1))))
    refs = len(references_to(Partner))
    return Result("merge", f"2 x {size:,} refs", ours, base, "ratio<=2", len(queries),
                  ours <= 2 * base,
                  f"{refs} relations; {small} queries with 1 ref each")
