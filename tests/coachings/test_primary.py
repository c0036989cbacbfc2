"""One primary coaching per client: save() unchecks the others, the database refuses more."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from lino_coachings import primary
from lino_coachings.models import Coaching, CoachingType

from .conftest import needs_partial_indexes, primary_constraint_replaced

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 1)


def _coaching(client, user, primary=True, **kwargs):
    return Coaching(client=client, user=user, primary=primary, start_date=DAY, **kwargs)


def test_second_primary_saved_from_code_unchecks_the_first(client_135, users):
    first = Coaching.objects.get(client=client_135, primary=True)
    second = _coaching(client_135, users["rolf"])
    second.save()
    first.refresh_from_db()
    assert not first.primary
    assert list(Coaching.objects.filter(client=client_135, primary=True)) == [second]
    assert client_135.get_primary_coach() == users["rolf"]


def test_checking_primary_on_an_existing_coaching_unchecks_the_other(client_135, users):
    other = _coaching(client_135, users["rolf"], primary=False)
    other.save()
    other.primary = True
    other.save()
    assert Coaching.objects.filter(client=client_135, primary=True).get() == other


@needs_partial_indexes
def test_a_raw_update_cannot_make_a_second_primary(client_135, users):
    other = _coaching(client_135, users["rolf"], primary=False)
    other.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Coaching.objects.filter(pk=other.pk).update(primary=True)


@needs_partial_indexes
def test_bulk_create_cannot_insert_a_second_primary(client_135, users):
    with pytest.raises(IntegrityError), transaction.atomic():
        Coaching.objects.bulk_create([_coaching(client_135, users["rolf"])])


@needs_partial_indexes
def test_three_primaries_all_others_are_unchecked(client_135, users):
    with primary_constraint_replaced(None):  # as a legacy import may have left them
        Coaching.objects.bulk_create([_coaching(client_135, users["rolf"]),
                                      _coaching(client_135, users["nelly"])])
        assert Coaching.objects.filter(client=client_135, primary=True).count() == 3
        assert client_135.get_primary_coach() is None
        third = _coaching(client_135, users["nathalie"])
        third.save()
        assert list(Coaching.objects.filter(client=client_135, primary=True)) == [third]


@pytest.mark.skipif(connection.features.supports_partial_indexes,
                    reason="tested through the constraint where it exists")
def test_three_primaries_without_a_constraint(client_135, users):
    Coaching.objects.bulk_create([_coaching(client_135, users["rolf"]),
                                  _coaching(client_135, users["nelly"])])
    third = _coaching(client_135, users["nathalie"])
    third.save()
    assert list(Coaching.objects.filter(client=client_135, primary=True)) == [third]


@needs_partial_indexes
@override_settings(LINO_COACHINGS_MULTIPLE_PRIMARY_COACHINGS=True)
def test_multiple_primary_coachings_is_per_type(client_135, users):
    gss, debts = CoachingType.objects.get(pk=1), CoachingType.objects.get(pk=3)
    integ = Coaching.objects.get(client=client_135, primary=True)  # Integration Service
    with primary_constraint_replaced(per_type=True):
        a = _coaching(client_135, users["rolf"], type=gss)
        a.save()
        b = _coaching(client_135, users["nelly"], type=debts)
        b.save()
        assert Coaching.objects.filter(client=client_135, primary=True).count() == 3
        assert client_135.get_primary_coach() is None  # several primaries
        c = _coaching(client_135, users["nathalie"], type=gss)
        c.save()
        a.refresh_from_db()
        integ.refresh_from_db()
        assert not a.primary and integ.primary
        with pytest.raises(IntegrityError), transaction.atomic():
            Coaching.objects.filter(pk=a.pk).update(primary=True)


@needs_partial_indexes
@override_settings(LINO_COACHINGS_MULTIPLE_PRIMARY_COACHINGS=True)
def test_coachings_without_type_count_as_one_type(client_135, users):
    with primary_constraint_replaced(per_type=True):
        Coaching.objects.bulk_create([_coaching(client_135, users["rolf"])])
        with pytest.raises(IntegrityError), transaction.atomic():
            Coaching.objects.bulk_create([_coaching(client_135, users["nelly"])])


def test_a_violation_is_a_validation_error(client_135, users, monkeypatch):
    if not connection.features.supports_partial_indexes:
        pytest.skip("no constraint to violate")
    monkeypatch.setattr(primary, "uncheck_other_primaries", lambda coaching, using, user=None: 0)
    with pytest.raises(ValidationError) as info:
        _coaching(client_135, users["rolf"]).save()
    assert info.value.message_dict == {"primary": [str(primary.MESSAGE)]}
    assert Coaching.objects.filter(client=client_135).count() == 1


def test_full_clean_accepts_a_second_primary(client_135, users):
    """The form validation must not refuse what saving will resolve."""
    _coaching(client_135, users["rolf"]).full_clean()


def test_the_save_locks_the_client_row(client_135, users):
    coaching = _coaching(client_135, users["rolf"])
    with CaptureQueriesContext(connection) as ctx:
        coaching.save()
    sqls = [q["sql"] for q in ctx.captured_queries]
    lock = [s for s in sqls if "avanti_client" in s and "SELECT" in s and " FOR " in s]
    assert bool(lock) == connection.features.has_select_for_update  # SQLite: no row locks


def test_duplicating_a_primary_coaching_gives_a_non_primary_copy(client_135):
    original = Coaching.objects.get(client=client_135, primary=True)
    copy = original.duplicate()
    assert not copy.primary
    original.refresh_from_db()
    assert original.primary


def test_merging_clients_keeps_one_primary(users):
    from demo_project.avanti.models import Client

    source, target = Client.objects.get(pk=135), Client.objects.get(pk=165)
    source.merge_into(target)
    assert Coaching.objects.filter(client=target, primary=True).count() == 1
    assert target.get_primary_coach() == users["robin"]
