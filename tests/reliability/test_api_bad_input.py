"""The public functions answer bad input with our errors and write nothing (issue 18).

Each test feeds one public function wrong types, None, NUL characters, lone
surrogates, huge numbers and unknown field names. Allowed outcomes: a result,
or one of our documented errors (``ValidationError`` and its subclasses
``MergeError``, ``DuplicateError``) with every table as before.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo_project.contacts.models import Company, Country, Partner, Person, Role, RoleType
from demo_project.notes.models import Note
from lino_core_model.exceptions import DuplicateError, MergeError

pytestmark = pytest.mark.django_db

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.characters(categories=["Cs"]),  # lone surrogates
        st.sampled_from(["\x00", " ", "\t", "%", "'"]),
    ),
    max_size=30,
)
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.binary(max_size=8),
    TEXT,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(),
    st.builds(object),
    st.sampled_from([Company, Role]),
)
ROLE_TYPE_FIELDS = st.one_of(st.sampled_from(["name", "id", "pk", "nope", "roles", ""]), TEXT)
PERSON_FIELDS = st.sampled_from(
    [
        "first_name",
        "last_name",
        "name",
        "email",
        "country",
        "country_id",
        "city",
        "nope",
        "notes",
        "id",
        "partner_ptr",
    ]
)
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def state() -> list:
    """The rows the tested functions could touch."""
    return [
        list(m._base_manager.order_by("pk").values_list())
        for m in (Partner, Person, Company, Country, RoleType, Role, Note)
    ]


def expect_ours(call, errors=(ValidationError,)):
    """Run ``call``; any error must be one of ``errors`` and leave every row as it was."""
    before = state()
    try:
        return call()
    except errors:
        assert state() == before
        return None


@SETTINGS
@given(field=ROLE_TYPE_FIELDS, value=ODD, known=st.dictionaries(ROLE_TYPE_FIELDS, ODD, max_size=2))
def test_lookup_or_create(field, value, known):
    known.pop(field, None)
    result = expect_ours(lambda: RoleType.lookup_or_create(field, value, **known))
    assert result is None or (isinstance(result, RoleType) and result.pk)


@SETTINGS
@given(field=st.sampled_from(["isocode", "name"]), value=ODD)
def test_lookup_or_create_country(field, value):
    """A model whose primary key is a text."""
    result = expect_ours(lambda: Country.lookup_or_create(field, value, name="Utopia"))
    assert result is None or isinstance(result, Country)


def test_lookup_strips_the_name_and_refuses_a_blank_one():
    assert RoleType.lookup_or_create("name", "  padded  ").name == "padded"
    assert RoleType.lookup_or_create("name", "PADDED").name == "padded"
    assert RoleType.objects.filter(name__iexact="padded").count() == 1
    for blank in ("", "   ", "\t\n"):
        before = state()
        with pytest.raises(ValidationError, match="Cannot look up Function by an empty name."):
            RoleType.lookup_or_create("name", blank)
        assert state() == before


@pytest.mark.parametrize("value", [None, "a\x00b", "\ud800", b"bytes", ["x"], 10**30])
def test_lookup_or_create_reported_cases(value):
    before = state()
    with pytest.raises(ValidationError):
        RoleType.lookup_or_create("name", value)
    with pytest.raises(ValidationError, match="has no field 'nope'"):
        RoleType.lookup_or_create("nope", "x")
    assert state() == before


@SETTINGS
@given(known=st.dictionaries(PERSON_FIELDS, ODD, max_size=3))
def test_duplicate(known):
    person = Person.objects.get(pk=203)
    result = expect_ours(lambda: person.duplicate(**known), (DuplicateError,))
    assert result is None or (isinstance(result, Person) and result.pk != 203)


@pytest.mark.parametrize(
    "known",
    [
        {"first_name": None},
        {"unknown_field": 1},
        {"first_name": "a\x00b"},
        {"first_name": "\udfff"},
        {"country": "XX"},
        {"country": Company(pk=100)},
    ],
)
def test_duplicate_reported_cases(known):
    before = state()
    with pytest.raises(DuplicateError):
        Person.objects.get(pk=203).duplicate(**known)
    assert state() == before


@SETTINGS
@given(target=ODD)
def test_merge_into(target):
    person = Person.objects.get(pk=203)
    before = state()
    with pytest.raises(MergeError):
        person.merge_into(target)
    assert state() == before


@SETTINGS
@given(target=st.one_of(ODD, st.just("annette")), delete=ODD, reason=ODD)
def test_merge_plan(target, delete, reason):
    """The dry run: a plan or a MergeError, never anything written."""
    if target == "annette":
        target = Person.objects.get(pk=202)
    before = state()
    source = Person.objects.get(pk=203)
    plan = expect_ours(
        lambda: source.merge_plan(target, delete=delete, reason=reason), (MergeError,)
    )
    assert plan is None or "will be deleted" in plan.as_text()
    assert state() == before  # a plan writes nothing either


@SETTINGS
@given(text=ODD)
def test_create_from_choice(text):
    def parse(cls, text, ar=None):
        return {"name": text}

    RoleType.choice_text_to_dict = classmethod(parse)
    try:
        result = expect_ours(lambda: RoleType.create_from_choice(text))
    finally:
        del RoleType.choice_text_to_dict
    assert result is None or result.pk


def test_known_values_of_the_right_type_still_work():
    new = Person.objects.get(pk=203).duplicate(first_name="Bert", country="BE", city="  Eupen ")
    assert (new.first_name, new.country_id, new.city) == ("Bert", "BE", "  Eupen ")
    assert RoleType.lookup_or_create("name", " Clerk ").name == "Clerk"
