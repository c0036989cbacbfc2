"""Deleting a row that GFKs point to: veto, cascade or clear, by the pointing model's policy."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import pre_delete

from demo_project.contacts.models import Company, Partner, Person, Role
from demo_project.notes.models import Note
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.options import resolve_options
from lino_core_model.references import CASCADE, CLEAR, PROTECT, references_to
from lino_gfks._deletion import enforce_gfk_policies
from lino_gfks._references import GFKReference

from .conftest import note_about

pytestmark = pytest.mark.django_db


def gfk_policies(model) -> dict:
    return {
        (r.model, r.target): r.policy for r in references_to(model)
        if isinstance(r, GFKReference) and r.model is Note
    }


def test_policy_follows_allow_cascaded_delete_and_clear_on_delete(policy):
    assert gfk_policies(Person) == {(Note, Person): PROTECT, (Note, Partner): PROTECT}
    policy(Note, cascade="owner")
    assert set(gfk_policies(Person).values()) == {CASCADE}
    policy(Note, clear="owner")
    assert set(gfk_policies(Person).values()) == {CLEAR}


def test_non_integer_pk_models_get_no_integer_gfk_references():
    from demo_project.contacts.models import Country

    assert not [r for r in references_to(Country) if isinstance(r, GFKReference)]


def test_veto_by_default(person):
    note_about(person)
    assert person.disable_delete() == "Cannot delete GFK Gina because 1 Note refers to it."
    with pytest.raises(DeleteVetoed, match="1 Note refers to it"):
        person.delete()
    with pytest.raises(DeleteVetoed, match="1 Note refers to it"):
        Person.objects.filter(pk=person.pk).delete()
    assert Person.objects.filter(pk=person.pk).exists()


def test_cascade_deletes_the_pointing_rows(policy, person):
    policy(Note, cascade="owner")
    note = note_about(person)
    person.delete()
    assert not Note.objects.filter(pk=note.pk).exists()
    assert not Partner.objects.filter(pk=person.pk).exists()


def test_cascade_from_a_queryset_delete_is_set_based(policy, django_assert_max_num_queries):
    policy(Note, cascade="owner")
    people = [Person.objects.create(first_name=f"P{i}", last_name="Many") for i in range(30)]
    for p in people:
        note_about(p)
    with django_assert_max_num_queries(60):  # not one query per person and reference
        Person.objects.filter(last_name="Many").delete()
    assert not Note.objects.filter(owner_id__in=[p.pk for p in people], subject="About").exists()


def test_clear_sets_the_gfk_to_null_and_saves(policy, person):
    policy(Note, clear="owner")
    note = note_about(person)
    person.delete()
    note.refresh_from_db()
    assert (note.owner_type_id, note.owner_id) == (None, None)


def test_clear_needs_a_nullable_gfk(policy, person):
    from lino_checkdata.models import Problem
    from lino_gfks._references import gfk_policy

    policy(Problem, clear="owner")  # Problem's owner is required: no clearing
    assert gfk_policy(Problem._meta.get_field("owner")) == PROTECT


def test_a_gfk_to_the_mti_parent_row_counts(person):
    note_about(Partner.objects.get(pk=person.pk))  # points to the Partner row
    assert person.disable_delete() == "Cannot delete GFK Gina because 1 Note refers to it."
    with pytest.raises(DeleteVetoed):
        person.delete()
    assert Person.objects.filter(pk=person.pk).exists()


def test_cascade_to_the_mti_parent_row(policy, person):
    policy(Note, cascade="owner")
    note = note_about(Partner.objects.get(pk=person.pk))
    person.delete()
    assert not Note.objects.filter(pk=note.pk).exists()


def test_rows_deleted_by_django_cascade_are_protected_too():
    company = Company.objects.create(name="Doomed Ltd")
    role = Role.objects.create(company=company, person_id=201)
    note_about(role)
    with pytest.raises(DeleteVetoed, match="1 Note refers to it"):
        company.delete()  # the role would go with its company, but a note points to it
    assert Role.objects.filter(pk=role.pk).exists()


@pytest.fixture
def notes_about_content_types(monkeypatch):
    """Notes may be owned by a plain Django model (not by default); as a project listing it
    in ``owner_models`` gets at start-up, the receiver is connected for it."""
    monkeypatch.setattr(Note, "owner_models", "contenttypes.ContentType", raising=False)
    resolve_options()  # what start-up reads
    pre_delete.connect(enforce_gfk_policies, sender=ContentType, dispatch_uid="test.ct")
    yield
    pre_delete.disconnect(sender=ContentType, dispatch_uid="test.ct")
    monkeypatch.undo()
    resolve_options()


def test_plain_django_target_is_protected(vanished_type, notes_about_content_types):
    note_about(vanished_type)  # a note owning a ContentType row
    with pytest.raises(DeleteVetoed, match="because 1 Note refers to it"):
        with transaction.atomic():  # Django deletes it in a savepoint-less block
            vanished_type.delete()
    assert ContentType.objects.filter(pk=vanished_type.pk).exists()


def test_plain_django_target_cascades(policy, vanished_type, notes_about_content_types):
    policy(Note, cascade="owner")
    note = note_about(vanished_type)
    vanished_type.delete()
    assert not Note.objects.filter(pk=note.pk).exists()


def test_policy_changed_after_a_delete_is_applied(policy, person):
    """A check query compiled under one policy is not reused under another."""
    Person.objects.create(first_name="First", last_name="Deleted").delete()
    policy(Note, cascade="owner")
    note = note_about(person)
    person.delete()
    assert not Note.objects.filter(pk=note.pk).exists()
