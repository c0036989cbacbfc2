"""Per-model options: read once at start-up, normalised in one place."""

from __future__ import annotations

import pytest

from demo_project.avanti.models import Client
from demo_project.contacts.models import Person, Role
from lino_core_model.options import lino_options, read_options
from lino_core_model.references import references_to


def test_options_are_read_at_start_up_not_from_later_attributes(monkeypatch):
    assert Role.allow_cascaded_delete == "company"  # the declaration is left as it is
    monkeypatch.setattr(Role, "allow_cascaded_delete", "company person")
    assert lino_options(Role).cascaded_delete == frozenset({"company"})
    assert read_options(Role).cascaded_delete == frozenset({"company", "person"})


def test_field_objects_are_read_as_names(monkeypatch):
    """What Lino's kernel leaves on a class reads as what was declared."""
    meta = Client._meta
    monkeypatch.setattr(Client, "workflow_state_field", meta.get_field("client_state"))
    monkeypatch.setattr(Client, "quick_search_fields", [meta.get_field("name")])
    options = read_options(Client)
    assert (options.workflow_state_field, options.search_fields) == ("client_state", ("name",))


@pytest.mark.parametrize("model", [Person, Client])
def test_references_are_resolved_once(model):
    assert references_to(model) is references_to(model)  # read once
    assert references_to(model)  # notes, roles... point to them
