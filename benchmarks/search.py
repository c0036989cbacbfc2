"""Quick search with the ``QuickSearchIndex`` (issue 16): ratios measured in the same run.

- name prefix and two words: our indexed search against the ``#pk`` lookup
  (target: at most 10x at 1.1M partners) and against the plain ``icontains``
  search it replaces (``use_index=False``: the figures before the index);
- the admin changelist, one request with the test client: the search page
  against the page without a search (target: at most 3x);
- growth from N to 10N partners (target: at most x 2), printed by :func:`growth`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from demo_project.contacts.models import Partner
from lino_core_model.search import quick_search_filter

from .queries import PAGE
from .timing import Result, median_time, ms

PLAIN_REPEAT = 3  # the plain search reads every row: a few runs are enough
REPEAT = 15


def cases(n: int) -> list[tuple[str, str]]:
    """(kind, text) as in ``queries.search_cases``: a word that starts a name, two words."""
    pk = n // 2 + 1234
    word = f"family{pk % 5000}"
    return [("#pk", f"#{pk}"), ("name prefix", word), ("two words", f"{word} first{pk % 97}")]


def page(text: str, use_index: bool = True) -> list:
    return list(
        Partner.objects.filter(quick_search_filter(Partner, text, use_index=use_index))[:PAGE]
    )


def interleaved(fns: dict[str, Callable[[], object]], repeat: int = REPEAT) -> dict[str, float]:
    """Median times of the functions, called in turn: a load that comes and goes on a
    shared machine then weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()  # warm up (and fill the search's sample)
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def bench_search(n: int, rows: int) -> list[Result]:
    """Each case: ours (indexed) vs the ``#pk`` lookup; the plain search in the note."""
    times = interleaved({kind: lambda t=text: page(t) for kind, text in cases(n)})
    results = []
    for kind, text in cases(n)[1:]:
        plain = median_time(lambda _, t=text: page(t, use_index=False), repeat=PLAIN_REPEAT)
        found = len(page(text)), len(page(text, use_index=False))
        ratio = times[kind] / times["#pk"]
        results.append(
            Result(
                f"indexed quick search {kind} / #pk",
                f"{rows:,} partners",
                times[kind],
                times["#pk"],
                "ratio<=10",
                1,
                ratio <= 10,
                f"{text!r}: rows {found[0]}/{found[1]}; plain icontains (before) {ms(plain)}",
            )
        )
    return results


def admin_client():
    """A test client logged in as a superuser of the benchmark database."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def bench_admin(n: int, rows: int) -> Result:
    """The first page of the partners' changelist with a search against without one."""
    client = admin_client()
    url = "/admin/contacts/partner/"
    text = cases(n)[2][1]

    def get(query: dict) -> None:
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code

    times = interleaved({"search": lambda: get({"q": text}), "plain": lambda: get({})})
    search, plain = times["search"], times["plain"]
    return Result(
        "admin changelist search / no search",
        f"{rows:,} partners",
        search,
        plain,
        "ratio<=3",
        "",
        search <= 3 * plain,
        f"q={text!r}; one request each",
    )


def at_size(n: int, rows: int) -> list[Result]:
    return [*bench_search(n, rows), bench_admin(n, rows)]


def growth(small: list[Result], large: list[Result]) -> list[list[str]]:
    """Growth of our time from N to 10N: at most x 2 for the searches."""
    table = []
    for a, b in zip(small, large, strict=True):
        grew = b.ours / a.ours
        met = "yes" if grew <= 2 else "NO"
        table.append(
            [
                a.operation.split(" / ")[0],
                a.n,
                ms(a.ours),
                b.n,
                ms(b.ours),
                f"x {grew:.1f}",
                "x<=2",
                met,
            ]
        )
    return table
