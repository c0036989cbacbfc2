"""QuickSearchIndex: the indexed quick search finds exactly the rows of the plain one.

Runs on every backend of the suite (SQLite FTS5, PostgreSQL pg_trgm, MariaDB
without an index). Issue 16; the bad-input tests are from issues 13 and 18.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo_project.contacts.models import Company, Partner, Person
from lino_core_model.search import MAX_WORDS, quick_search_filter, quick_search_indexes

pytestmark = pytest.mark.django_db

# Accents, case, digits, and the characters SQL and FTS5 treat specially; look-alikes
# that the search folds (a combining accent, full-width letters, zero-width space,
# BOM, a ligature, a dotted capital I).
LETTERS = "aAbBeEéÉèÈàÀüÜçÇøØßnNsS0123456789-'\"%_*.@\u0301ＭｍＥ\u200b\ufeffﬁİ"
name = st.text(alphabet=LETTERS + "  ", min_size=1, max_size=16)
word = st.text(alphabet=LETTERS, min_size=1, max_size=6)


def found(model, text: str, use_index: bool) -> list[int]:
    q = quick_search_filter(model, text, use_index=use_index)
    return sorted(model.objects.filter(q).values_list("pk", flat=True))


def swap_case(text: str, flips: list[bool]) -> str:
    flips = flips + [False] * (len(text) - len(flips))
    return "".join(c.swapcase() if f else c for c, f in zip(text, flips[: len(text)], strict=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.tuples(name, name), min_size=1, max_size=6), data=st.data())
def test_indexed_search_finds_what_icontains_finds(names, data):
    """Words cut out of the stored names (cases flipped) and random words, 1 to 3 of
    them, on a single-table model (Partner) and a multi-table one (Person)."""
    persons = [Person.objects.create(first_name=first, last_name=last) for first, last in names]
    Partner.objects.filter(pk=persons[0].pk).update(city=names[-1][0])  # the update trigger
    persons[-1].delete()  # the delete trigger (when there are more than one)
    stored = " ".join(f"{p.name} {p.first_name} {p.last_name}" for p in persons[:-1] or persons)
    words = []
    for _ in range(data.draw(st.integers(1, 3))):
        if stored.strip() and data.draw(st.booleans()):
            start = data.draw(st.integers(0, len(stored) - 1))
            piece = stored[start : start + data.draw(st.integers(1, 8))].split()
            flips = data.draw(st.lists(st.booleans(), max_size=8))
            words.append(swap_case(piece[0], flips) if piece else "x")
        else:
            words.append(data.draw(word))
    text = " ".join(words)
    for model in (Partner, Person):
        assert found(model, text, use_index=True) == found(model, text, use_index=False), text


def test_the_demo_declares_the_index_on_partners_and_persons():
    from demo_project.avanti.models import Client

    assert set(quick_search_indexes(Client)) == {"name", "email", "city", "first_name", "last_name"}
    assert quick_search_indexes(Company)["name"][0] is Partner


def index_used(model, text: str) -> bool:
    with CaptureQueriesContext(connection) as queries:
        list(model.objects.filter(model.quick_search_filter(text)))
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        return "COALESCE((" in sql  # the indexed text of trigram_text_sql()
    return "MATCH" in sql


@pytest.mark.skipif("connection.vendor not in ('postgresql', 'sqlite')")
def test_words_use_the_index_on_postgresql_and_sqlite():
    assert index_used(Partner, "dobbel")
    assert index_used(Person, "dobbel berta")
    assert not index_used(Partner, "do")  # a word of 1-2 characters: no trigram


def test_a_model_without_the_index_searches_as_before():
    from demo_project.notes.models import Note

    assert quick_search_indexes(Note) == {}
    assert not index_used(Note, "dobbel")


def test_mariadb_has_no_index():
    if connection.vendor != "mysql":
        pytest.skip("MariaDB only")
    assert not index_used(Partner, "dobbel")


@pytest.mark.parametrize("text", [123, 1.5, ["dobbel"], object(), b"dobbel"])
def test_a_text_that_is_not_a_string_is_a_validation_error(text):
    with pytest.raises(ValidationError):
        quick_search_filter(Partner, text)


@pytest.mark.parametrize("prefix", [1, "partner", b"partner__"])
def test_a_bad_prefix_is_a_validation_error(prefix):
    with pytest.raises(ValidationError):
        quick_search_filter(Partner, "x", prefix)


def test_none_prefix_is_no_prefix_and_none_text_finds_nothing():
    q = quick_search_filter(Person, "dobbel", None)
    assert found(Person, "dobbel", True) == sorted(
        Person.objects.filter(q).values_list("pk", flat=True)
    )
    assert not Partner.objects.filter(quick_search_filter(Partner, None)).exists()


@pytest.mark.parametrize("text", ["\ud800", "dob\udfffbel", "#\ud800", "*\ud800"])
def test_a_lone_surrogate_finds_nothing(text):
    assert found(Company, text, True) == []


@pytest.mark.parametrize("use_index", [True, False])
def test_nul_characters_are_dropped(use_index):
    assert found(Person, "dob\x00bel\x00", use_index) == found(Person, "dobbel", use_index) != []


def test_too_many_words_is_a_validation_error():
    words = " ".join(f"w{i}" for i in range(1000))
    with pytest.raises(ValidationError):
        quick_search_filter(Partner, words)
    repeated = " ".join(["dobbel"] * 1000)  # the same word many times is one word
    assert found(Person, repeated, True) == found(Person, "dobbel", True)
    assert found(Partner, " ".join(f"w{i}" for i in range(MAX_WORDS)), True) == []
    with pytest.raises(ValidationError):  # one word more than MAX_WORDS
        quick_search_filter(Partner, " ".join(f"w{i}" for i in range(MAX_WORDS + 1)))


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.binary(),
        st.lists(st.text()),
        st.text(alphabet=st.characters(exclude_categories=()), max_size=30),
    )
)
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_input_gives_a_result_or_a_validation_error(text):
    try:
        q = quick_search_filter(Person, text)
    except ValidationError:
        return
    assert isinstance(list(Person.objects.filter(q)[:5]), list)


REMAKE = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection, models
from demo_project.contacts.models import Partner
from lino_core_model.search import quick_search_filter
call_command("migrate", verbosity=0)
Partner.objects.create(name="Before", city="Eupen")
old = Partner._meta.get_field("city")
new = models.CharField(max_length=300, blank=True)
new.set_attributes_from_name("city")
new.model = Partner
with connection.schema_editor() as editor:  # SQLite copies the table into a new one
    editor.alter_field(Partner, old, new, strict=True)
Partner.objects.create(name="After", city="Kelmis")
Partner.objects.filter(name="Before").update(city="Raeren")
for text in ["eupen", "kelmis", "raeren"]:
    print(text, list(Partner.objects.filter(quick_search_filter(Partner, text))
                     .values_list("name", flat=True)))
"""


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_keeps_the_index_when_it_remakes_the_table(tmp_path):
    """A migration that makes SQLite copy the table drops its triggers: they come back."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'remake.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "demo_project.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", REMAKE], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["eupen []", "kelmis ['After']", "raeren ['Before']"]
