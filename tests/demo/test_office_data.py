"""The office layer of the demo (``load_office_data``) on top of the spec rows."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count, Q

from demo_project.avanti.models import Client
from demo_project.contracts.models import Contract, UserStat
from demo_project.demo.data_clients import CLIENTS as SPEC_CLIENTS
from demo_project.demo.data_office import OfficeDataExists, load_office_data
from demo_project.demo.management.commands import prep
from demo_project.notes.models import Note
from lino_checkdata.checkers import check_data
from lino_clients.choicelists import ClientStates
from lino_coachings.models import Coaching
from lino_gfks.broken import broken_gfks

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    """The office's clients (the spec rows are there already)."""
    load_office_data()
    return Client.objects.exclude(pk__in=[row[0] for row in SPEC_CLIENTS])


def test_clients_in_every_state(office):
    assert office.count() >= 90
    used = set(office.values_list("client_state", flat=True))
    assert {state.value for state in ClientStates.get_list_items()} <= {s.value for s in used}


def test_coachings_over_years_with_endings(office):
    coachings = Coaching.objects.filter(client__in=office)
    years = {day.year for day in coachings.dates("start_date", "year")}
    assert len(years) >= 4
    ended = coachings.filter(end_date__isnull=False)
    assert ended.exists() and not ended.filter(ending=None).exists()
    assert not coachings.filter(end_date__isnull=True).exclude(ending=None).exists()


def test_one_primary_coaching_per_coached_client(office):
    primaries = office.annotate(
        n=Count("coachings_by_client", filter=Q(coachings_by_client__primary=True))
    )
    assert not primaries.filter(n__gt=1).exists()
    coached = primaries.filter(client_state=ClientStates.coached)
    assert coached.exists() and set(coached.values_list("n", flat=True)) == {1}
    # The responsible user is the primary coach.
    for client in office.filter(coachings_by_client__primary=True).select_related("user"):
        assert client.user == client.get_primary_coach()


def test_checkers_find_no_problem(office):
    found = []
    check_data(
        checkers=["coachings.ClientCoachingsChecker"],
        on_problem=lambda p: found.append((p.obj.pk, str(p))),
    )
    assert found == []


def test_notes_owned_by_their_client_and_contracts(office):
    client_type = ContentType.objects.get_for_model(Client)
    notes = Note.objects.filter(partner__in=office)
    assert notes.count() >= 100
    assert set(notes.values_list("owner_type", flat=True)) == {client_type.pk}
    assert all(
        int(owner) == partner for owner, partner in notes.values_list("owner_id", "partner_id")
    )
    contracts = Contract.objects.filter(client__in=office)
    assert contracts.count() >= 20
    assert list(broken_gfks()) == []


def test_summaries_up_to_date(office):
    """load_office_data() recomputed the summaries: checksummaries changes nothing."""

    def snapshot():
        stats = UserStat.objects.order_by("master", "year", "month")  # rows are rebuilt
        return (
            list(stats.values("master", "year", "month", "notes", "contracts")),
            list(Client.objects.order_by("pk").values("pk", "active_from", "active_until")),
        )

    before = snapshot()
    assert any(row["contracts"] for row in before[0])
    assert office.exclude(active_from=None).exists()
    call_command("checksummaries", verbosity=0)
    assert snapshot() == before


def test_second_call_refused(office):
    """Refused, not idempotent: the office goes on the spec rows only."""
    count = Client.objects.count()
    with pytest.raises(OfficeDataExists):
        load_office_data()
    assert Client.objects.count() == count


@pytest.mark.parametrize(
    ("options", "expected"), [(["--specs-only"], ["specs"]), ([], ["specs", "office"])]
)
def test_prep_loads_the_office_unless_specs_only(monkeypatch, options, expected):
    """prep's steps replaced (the real ones flush the test database): only the flag counts."""
    loaded = []
    monkeypatch.setattr(prep, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(prep, "load_demo_data", lambda: loaded.append("specs") or {})
    monkeypatch.setattr(prep, "load_office_data", lambda: loaded.append("office") or {})
    call_command("prep", "--noinput", *options, stdout=io.StringIO())
    assert loaded == expected
