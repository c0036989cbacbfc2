"""Read-only operations: quick search, BrokenGFKs, the first page of a table."""

from __future__ import annotations

import contextlib
import io
import tracemalloc
from collections.abc import Callable

from demo_project.contacts.models import Company, Partner

from . import data
from .timing import Result, compare, median_time, ms

PAGE = 20
PARTNER_COLUMNS = "p.id, p.name, p.email, p.city, p.country_id, p.client_contact_type_id"


def raw_rows(sql: str, params: list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def search_cases(n: int) -> list[tuple[str, str, type, str, list]]:
    """(kind, search text, model, equivalent hand-written indexed SQL, its parameters)."""
    pk = n // 2 + 1234
    word = f"family{pk % 5000}"
    low, high = word.upper() + " ", word.upper() + "!"
    company = Company.objects.values_list("ref", flat=True).order_by("pk").first()
    page = f"ORDER BY p.name, p.id LIMIT {PAGE}"
    return [
        ("#pk", f"#{pk}", Partner, f"SELECT {PARTNER_COLUMNS} FROM contacts_partner p "
         f"WHERE p.id = %s {page}", [pk]),
        ("*ref", f"*{company}", Company, f"SELECT {PARTNER_COLUMNS}, c.ref FROM contacts_company c "
         f"JOIN contacts_partner p ON p.id = c.partner_ptr_id WHERE c.ref = %s {page}",
         [company]),
        ("name prefix", word, Partner, f"SELECT {PARTNER_COLUMNS} FROM contacts_partner p "
         f"WHERE p.name >= %s AND p.name < %s {page}", [low, high]),
        ("two words", f"{word} first{pk % 97}", Partner,
         f"SELECT {PARTNER_COLUMNS} FROM contacts_partner p WHERE p.name >= %s "
         f"AND p.name < %s AND p.name LIKE %s {page}",
         [low, high, f"% First{pk % 97}%"]),
    ]


def orm_baseline(model: type) -> list:
    """The fixed cost of any ORM query: the same page selected by primary key."""
    return list(model.objects.filter(pk=0)[:PAGE])


def bench_quick_search(n: int, rows: int) -> list[Result]:
    results = []
    for kind, text, model, sql, params in search_cases(n):
        def ours(_, model=model, text=text) -> list:
            return list(model.objects.filter(model.quick_search_filter(text))[:PAGE])

        time, base, queries = compare(ours, lambda _, sql=sql, params=params: raw_rows(sql, params))
        found = len(ours(None)), len(raw_rows(sql, params))
        orm = median_time(lambda _, m=model: orm_baseline(m))
        results.append(Result(f"quick search {kind}", f"{rows:,} partners", time, base,
                              "ratio<=1.5", len(queries), time <= 1.5 * base,
                              f"{text!r}: rows {found[0]}/{found[1]}; ORM by pk {ms(orm)}"))
    return results


def bench_broken_gfks(controllable: int) -> Result | None:
    try:
        from lino_gfks.broken import broken_gfks
    except ImportError:
        return None
    ct = data.partner_ct_id()
    sql = ("SELECT n.id, n.owner_id FROM notes_note n WHERE n.owner_type_id = %s AND NOT EXISTS "
           "(SELECT 1 FROM contacts_partner p WHERE p.id = n.owner_id) ORDER BY n.id")
    time, base, queries = compare(lambda _: list(broken_gfks()),
                                  lambda _: raw_rows(sql, [ct]), repeat=3)
    found = len(list(broken_gfks())), len(raw_rows(sql, [ct]))
    return Result("BrokenGFKs", f"{controllable:,} notes", time, base, "ratio<=2",
                  len(queries), time <= 2 * base, f"broken ours/baseline {found[0]}/{found[1]}")


def show_first_page() -> str:
    from lino_core_model.api import rt

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rt.show(rt.models.contacts.Partners, limit=PAGE)
    return out.getvalue()


def peak_memory(fn: Callable[[], object]) -> int:
    """The peak of memory allocated by Python while ``fn`` runs (bytes)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_show(rows: int, smaller_peak: int | None = None) -> tuple[Result, int]:
    """The first page of ``contacts.Partners``; memory flat: the peak of a 10x smaller table."""
    sql = (f"SELECT p.name, p.id, p.email, p.city, p.country_id FROM contacts_partner p "
           f"ORDER BY p.name, p.id LIMIT {PAGE}")
    time, base, queries = compare(lambda _: show_first_page(), lambda _: raw_rows(sql, []))
    memory = peak_memory(show_first_page)
    orm = median_time(lambda _: list(Partner.objects.order_by("name", "id")[:PAGE]))
    flat = smaller_peak is None or memory <= 1.5 * smaller_peak
    result = Result(f"rt.show first page ({PAGE} rows)", f"{rows:,} rows", time, base,
                    "ratio<=3, memory flat", len(queries), time <= 3 * base and flat,
                    f"peak {memory / 1024:.0f} KiB; ORM page {ms(orm)}")
    return result, memory
