"""lookup_or_create, create_from_choice, get_or_none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from demo_project.contacts.models import Country, RoleType
from lino_core_model.signals import auto_create

pytestmark = pytest.mark.django_db


def test_finds_existing_case_insensitively():
    manager = RoleType.objects.get(name="Manager")
    assert RoleType.lookup_or_create("name", "MANAGER") == manager


def test_creates_and_sends_auto_create():
    received = []

    def handler(sender, known_values, **kw):
        received.append((sender.name, known_values))

    auto_create.connect(handler)
    try:
        obj = RoleType.lookup_or_create("name", "Janitor")
    finally:
        auto_create.disconnect(handler)
    assert obj.pk and RoleType.objects.filter(name="Janitor").count() == 1
    assert received == [("Janitor", {})]


def test_invalid_values_give_a_clear_error_and_write_nothing():
    with pytest.raises(ValidationError, match="Failed to auto_create"):
        Country.lookup_or_create("isocode", "TOOLONG", name="x")
    assert not Country.objects.filter(isocode="TOOLONG").exists()


def test_create_from_choice_without_parser_is_refused():
    with pytest.raises(ValidationError, match="Cannot create Function from 'Boss'"):
        RoleType.create_from_choice("Boss")


def test_create_from_choice_with_parser(monkeypatch):
    def parse(cls, text, ar=None):
        return {"name": text.title()}

    monkeypatch.setattr(RoleType, "choice_text_to_dict", classmethod(parse))
    obj = RoleType.create_from_choice("boss")
    assert obj.pk and obj.name == "Boss"


def test_get_or_none():
    assert RoleType.get_or_none(name="Manager").pk == 1
    assert RoleType.get_or_none(name="Nobody") is None
    assert RoleType.get_or_none(pk="abc") is None
