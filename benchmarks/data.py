"""The benchmark database: set-up and a generator of a large demo-like database.

Every row is written by ``INSERT ... SELECT`` from a recursive row-number CTE
(SQLite and PostgreSQL), so 100,000 clients with 10 notes each take seconds.
The database is never the demo's: :data:`DEFAULT_DATABASE_URL` unless given;
each run empties it first.
"""

from __future__ import annotations

import os

DEFAULT_DATABASE_URL = "sqlite:////tmp/lino_bench.sqlite3"
NOTES_PER_CLIENT = 10
SEQ = "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "


def setup_django(database_url: str) -> None:
    """Configure Django for ``database_url`` and create the schema there."""
    if "demo.sqlite3" in database_url or "test_" in database_url:
        raise SystemExit(f"Refusing to benchmark on {database_url}: use a database of its own.")
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "demo_project.settings"
    os.environ["DJANGO_DEBUG"] = "0"  # no query log: it would cost time and memory
    import django
    from django.core.management import call_command
    from django.db import OperationalError

    django.setup()
    try:
        call_command("migrate", verbosity=0)
    except OperationalError as exc:  # e.g. no such database: say so, no traceback
        raise SystemExit(
            f"Cannot use {database_url}: {exc}\n"
            "Give --database a database that exists (e.g. createdb lino_bench)."
        ) from None


def execute(sql: str, params: list | tuple = ()) -> int:
    """Run one SQL statement on the default database; the number of rows it changed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def scalar(sql: str, params: list | tuple = ()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def max_pk(table: str, column: str = "id") -> int:
    return scalar(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")


def typed(literal: str, sql_type: str) -> str:
    """A typed SQL literal: PostgreSQL reads an untyped one in a SELECT list as text."""
    from django.db import connection

    return f"{sql_type} '{literal}'" if connection.vendor == "postgresql" else f"'{literal}'"


def partner_ct_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    from demo_project.contacts.models import Partner

    return ContentType.objects.get_for_model(Partner).pk


def insert_partners(count: int, kind: str = "partner") -> tuple[int, int]:
    """Insert ``count`` partners (``kind``: partner, client or company); their pk range."""
    start = max_pk("contacts_partner")
    execute(
        SEQ + "INSERT INTO contacts_partner (id, name, email, city) "
        "SELECT %s + i, UPPER('Family' || (i %% 5000)) || ' First' || (i %% 97), "
        "'p' || (%s + i) || '@example.com', 'City' || (i %% 300) FROM seq",
        [count, start, start],
    )
    first, last = start + 1, start + count
    if kind == "client":
        stamp = typed("2024-01-01 00:00:00", "TIMESTAMPTZ")
        insert_children("contacts_person", first, last, "first_name, last_name",
                        "'First' || (partner_ptr_id %% 97), 'Family' || (partner_ptr_id %% 5000)")
        insert_children("avanti_client", first, last, "client_state, created, modified",
                        f"'10', {stamp}, {stamp}",
                        ptr="person_ptr_id", parent="contacts_person", parent_pk="partner_ptr_id")
    elif kind == "company":
        insert_children("contacts_company", first, last, "ref", "'REF' || partner_ptr_id")
    return first, last


def insert_children(table: str, first: int, last: int, columns: str, values: str,
                    ptr: str = "partner_ptr_id", parent: str = "contacts_partner",
                    parent_pk: str = "id") -> None:
    """The MTI child rows of the parent rows ``first`` to ``last``."""
    values = values.replace("partner_ptr_id", parent_pk)
    execute(
        f"INSERT INTO {table} ({ptr}, {columns}) SELECT {parent_pk}, {values} "
        f"FROM {parent} WHERE {parent_pk} BETWEEN %s AND %s",
        [first, last],
    )


def insert_notes(first: int, last: int, per_partner: int, owner_ct: int | None) -> int:
    """``per_partner`` notes about (and owned by) each partner ``first`` to ``last``."""
    return execute(
        SEQ + "INSERT INTO notes_note (date, subject, body, state, partner_id, owner_type_id, "
        f"owner_id) SELECT {typed('2024-01-01', 'DATE')}, 'Note ' || seq.i, '', 'draft', p.id, "
        "%s, p.id "
        "FROM contacts_partner p, seq WHERE p.id BETWEEN %s AND %s",
        [per_partner, owner_ct, first, last],
    )


def insert_roles(company_id: int, person_id: int, count: int) -> int:
    return execute(
        SEQ + "INSERT INTO contacts_role (company_id, person_id) SELECT %s, %s FROM seq",
        [count, company_id, person_id],
    )


def reset_sequences() -> None:
    """PostgreSQL: move the id sequences past the explicit ids written above."""
    from django.core.management.color import no_style
    from django.db import connection

    from demo_project.contacts.models import Partner

    for sql in connection.ops.sequence_reset_sql(no_style(), [Partner]):
        execute(sql)


def generate(n: int) -> None:
    """Empty the database, then N clients with 10 notes each, N/10 companies with a
    ``ref`` and a few broken GFKs: every run measures the same data."""
    from django.core.management import call_command
    from django.db import transaction

    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        first, last = insert_partners(n, "client")
        insert_notes(first, last, NOTES_PER_CLIENT, partner_ct_id())
        insert_partners(n // 10, "company")
        execute(  # notes owned by partners that do not exist: BrokenGFKs finds them
            "UPDATE notes_note SET owner_id = owner_id + %s WHERE id %% 10000 = 0",
            [10 * n + 10**7],
        )
        reset_sequences()
    execute("ANALYZE")


def grow_partners(total: int) -> None:
    """Add plain partners (without notes) until there are ``total`` partners."""
    from django.db import transaction

    missing = total - scalar("SELECT COUNT(*) FROM contacts_partner")
    if missing > 0:
        with transaction.atomic():
            insert_partners(missing)
            reset_sequences()
        execute("ANALYZE")
