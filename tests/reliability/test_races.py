"""A row that vanished meanwhile is a clear error of ours (issue 18), on PostgreSQL and MariaDB."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from demo_project.avanti.models import Client
from lino_core_model.exceptions import MergeError

from .conftest import run_concurrently

ROUNDS = 3


def slow_delete(monkeypatch, model, started: threading.Event) -> None:
    """The merge has locked and moved everything when ``started`` is set; then it waits."""
    real = model.delete

    def delete(self, *args, **kwargs):
        started.set()
        time.sleep(0.3)  # the other writer now tries its write
        return real(self, *args, **kwargs)

    monkeypatch.setattr(model, "delete", delete)


def merge_while_adding(monkeypatch, add) -> list:
    """Each round merges a new client into another while ``add(source)`` writes a row
    for the source once the merge has moved everything: the merge succeeds and the
    writer gets a ``ValidationError``. Returns each round's (source, error)."""
    started = threading.Event()
    slow_delete(monkeypatch, Client, started)
    rounds = []
    for i in range(ROUNDS):
        started.clear()
        source = Client.objects.create(first_name=f"Src{i}", last_name="Race")
        target = Client.objects.create(first_name=f"Dst{i}", last_name="Race")

        def add_late(source=source):
            assert started.wait(10)
            return add(source)

        merged, added = run_concurrently(lambda s=source, t=target: s.merge_into(t), add_late)
        assert isinstance(merged, str), merged
        assert isinstance(added, ValidationError), added
        rounds.append((source, added))
    return rounds


def test_coaching_saved_for_a_client_a_merge_removes(concurrent, monkeypatch):
    from django.contrib.auth import get_user_model

    from lino_coachings.models import Coaching

    coach = get_user_model().objects.create(username="racer")

    def add_coaching(source):
        return Coaching.objects.create(client_id=source.pk, user=coach, primary=True)

    for source, refused in merge_while_adding(monkeypatch, add_coaching):
        assert refused.message_dict == {"client": ["The client no longer exists."]}
        assert not Coaching.objects.filter(client_id=source.pk).exists()


def test_merge_that_lost_its_source(concurrent, monkeypatch):
    """Two merges of the same row: one merges, the other says the row is gone."""
    started = threading.Event()
    slow_delete(monkeypatch, Client, started)
    for i in range(ROUNDS):
        started.clear()
        source = Client.objects.create(first_name=f"Src{i}", last_name="Twice")
        targets = [
            Client.objects.create(first_name=f"Dst{i}{j}", last_name="Twice") for j in range(2)
        ]

        def merge(target, source_pk=source.pk, wait=False):
            row = Client.objects.get(pk=source_pk)
            if wait:
                assert started.wait(10)
            return row.merge_into(target)

        first, second = targets
        results = run_concurrently(lambda t=first: merge(t), lambda t=second: merge(t, wait=True))
        assert isinstance(results[0], str), results
        assert isinstance(results[1], MergeError), results
        assert "no longer exist" in str(results[1])
        assert not any(isinstance(r, DatabaseError) for r in results)


@pytest.mark.django_db
def test_coaching_for_a_deleted_client_is_a_validation_error():
    """The same check without a second writer (every database)."""
    from django.contrib.auth import get_user_model

    from lino_coachings.models import Coaching

    client = Client.objects.create(first_name="Gone", last_name="Soon")
    stale_pk = client.pk
    client.delete()
    with pytest.raises(ValidationError, match="The client no longer exists."):
        Coaching.objects.create(client_id=stale_pk, user=get_user_model().objects.first())


@pytest.mark.django_db
def test_update_of_a_row_deleted_meanwhile_is_a_validation_error():
    from demo_project.contracts.models import Contract

    contract = Contract.objects.filter(client_id=120).first()
    Contract.objects.filter(pk=contract.pk).delete()
    contract.end_date = contract.start_date
    with pytest.raises(ValidationError, match=f"Contract #{contract.pk} no longer exists."):
        contract.save(update_fields=["end_date"])


@pytest.mark.django_db
def test_save_of_a_row_deleted_meanwhile_does_not_recreate_it():
    from demo_project.contracts.models import Contract

    contract = Contract.objects.filter(client_id=120).first()
    Contract.objects.filter(pk=contract.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        contract.save()
    assert not Contract.objects.filter(pk=contract.pk).exists()


def test_note_owned_by_a_client_a_merge_removes(concurrent, monkeypatch):
    """The owner is named by a GFK only (no database constraint): the note waits for
    the merge and is refused, never left with a broken owner."""
    from demo_project.contacts.models import Company
    from demo_project.notes.models import Note
    from lino_gfks.broken import broken_gfks

    partner = Company.objects.create(name="Writes about clients")

    def add_note(source):
        return Note.objects.create(partner=partner, owner=source, date="2024-01-02", subject="late")

    for _source, refused in merge_while_adding(monkeypatch, add_note):
        assert "no longer exists" in " ".join(refused.messages), refused  # lino_gfks.owners
        assert list(broken_gfks()) == []
