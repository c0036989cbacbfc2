"""Quick search: #pk, *ref, words AND / fields OR, digits, odd input."""

from __future__ import annotations

import pytest

from demo_project.contacts.models import Company, Partner, Person

pytestmark = pytest.mark.django_db


def search(model, text):
    rows = model.objects.filter(model.quick_search_filter(text))
    return sorted(rows.values_list("pk", flat=True))


def test_hash_digits_is_primary_key():
    assert search(Partner, "#203") == [203]
    assert search(Partner, "#99999") == []


def test_star_is_ref():
    assert search(Company, "*rumma") == [100]
    assert search(Company, "*garage") == [104]
    assert search(Company, "*GAR") == [104]  # case-insensitive


def test_star_on_model_without_ref_is_literal_text():
    assert search(Person, "*arens") == []


def test_words_are_anded_fields_ored():
    assert search(Person, "arens") == [202, 203]
    assert search(Person, "arens andreas") == [203]
    assert search(Person, "andreas annette") == []


def test_default_fields_are_charfields():
    from demo_project.notes.models import Note
    from lino_core_model.search import search_fields

    assert set(search_fields(Note)) == {"subject", "body", "state"}


def test_digits_match_integer_fields_and_text():
    Company.objects.create(name="Studio 54", ref="54x")
    assert 203 in search(Partner, "203")
    assert any(pk for pk in search(Company, "54"))


def test_digits_with_leading_zero_do_not_match_pk():
    assert 203 not in search(Partner, "0203")


def test_prefix_searches_a_related_model():
    from demo_project.contacts.models import Role

    q = Person.quick_search_filter("arens", prefix="person__")
    assert Role.objects.filter(q).count() == Role.objects.filter(person__last_name="Arens").count()


@pytest.mark.parametrize(
    "text", ["", "   ", "#", "*", "#abc", "% _", "'; DROP TABLE x; --", "#" + "9" * 40, "9" * 40]
)
def test_odd_input_never_raises(text):
    assert isinstance(search(Company, text), list)


def test_only_spaces_and_lone_hash_find_nothing():
    assert search(Partner, "   ") == []
    assert search(Partner, "#") == []
    assert search(Company, "*") == []


def test_sql_wildcards_are_literal():
    Company.objects.create(name="100% Bio")
    expected = Company.objects.filter(name__contains="%").values_list("pk", flat=True)
    assert search(Company, "%") == list(expected)
    assert search(Company, "_") == []


def test_hash_finds_an_mti_child_by_its_parent_link():
    from demo_project.avanti.models import Client

    assert search(Client, "#120") == [120]


@pytest.mark.parametrize("text", ["con\x00tact", "\ud800", None])
def test_a_table_on_a_plain_model_searches_as_ours_does(text):
    """ContentTypes (Django's model): a NUL is dropped, a lone surrogate or None finds
    nothing, as in our quick search; no database error on any backend."""
    from django.contrib.contenttypes.models import ContentType

    from lino_core_model.tables import quick_search_q

    rows = ContentType.objects.filter(quick_search_q(ContentType, text))
    assert rows.exists() == (text == "con\x00tact")
