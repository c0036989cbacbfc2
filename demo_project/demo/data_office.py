"""An office's worth of demo data on top of the spec rows (``manage.py prep``).

The spec rows (:func:`demo_project.demo.data.load_demo_data`) are few and
exact: the specs print them. This layer adds what a social office of five
coaches would hold, so that the admin, the summaries and the search show
something real: about a hundred clients in every client state, coachings
from 2019 to 2024 (ended ones with an ending, exactly one primary coaching per
coached client), notes owned by their client and integration contracts.

It is deterministic: a seeded :class:`random.Random` draws every value, and
the rows get the ids that follow the spec rows. The tests and the specs never
load it. It goes on top of the spec rows only: a second call raises
:class:`OfficeDataExists` instead of doubling the office.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from demo_project.avanti.models import Client
from demo_project.cal.evaluations import generate_evaluations
from demo_project.contracts.models import Contract
from demo_project.notes.models import Note
from lino_clients.choicelists import ClientStates
from lino_coachings.models import Coaching, CoachingEnding
from lino_summaries.recompute import check_summaries

from .data_clients import CLIENTS as SPEC_CLIENTS

SEED = 20240301
CLIENT_COUNT = 100
FIRST_DAY = datetime.date(2019, 1, 7)
LAST_DAY = datetime.date(2024, 12, 31)
COACHES = ["robin", "rolf", "romain", "nathalie", "nelly"]
TYPES = [1, 2, 3]  # General Social Service, Integration Service, Debt mediation
INTEGRATION = 2

FIRST_NAMES = [
    "Aïcha",
    "Ahmed",
    "Alexeï",
    "Amélie",
    "Anaïs",
    "André",
    "Bénédicte",
    "Björn",
    "Céline",
    "Chloé",
    "Cédric",
    "Dragoș",
    "Élodie",
    "Émile",
    "Fatoumata",
    "François",
    "Grégoire",
    "Hélène",
    "Inès",
    "Jérôme",
    "Jürgen",
    "Karolína",
    "Léa",
    "Łukasz",
    "Maëlle",
    "Mehmet",
    "Mónica",
    "Nadège",
    "Noémie",
    "Olúwaseun",
    "Ömer",
    "Paweł",
    "Renée",
    "Rüdiger",
    "Sébastien",
    "Søren",
    "Thérèse",
    "Tomás",
    "Yusuf",
    "Zoë",
]

LAST_NAMES = [
    "Adébáyò",
    "Bauwens",
    "Bäumer",
    "Cissé",
    "Çelik",
    "Dąbrowski",
    "De Clercq",
    "Diallo",
    "Dubois",
    "Fähnrich",
    "Gonçalves",
    "Großmann",
    "Haddad",
    "Hoffmann",
    "Ibáñez",
    "Jansen",
    "Kowalczyk",
    "Kraußer",
    "Lefèvre",
    "Lemaître",
    "Mahmoud",
    "Müller",
    "Nguyễn",
    "Nowak",
    "Özdemir",
    "Peeters",
    "Piątek",
    "Radu",
    "Renard",
    "Sánchez",
    "Schröder",
    "Søndergaard",
    "Traoré",
    "Van den Bossche",
    "Wauters",
    "Weiß",
    "Yılmaz",
    "Zięba",
]

CITIES = [
    "Eupen",
    "Eupen",
    "Eupen",
    "Kelmis",
    "Raeren",
    "Lontzen",
    "Bütgenbach",
    "Sankt Vith",
    "Liège",
    "Verviers",
]

NOTE_SUBJECTS = [
    "First contact",
    "Phone call",
    "Meeting",
    "Home visit",
    "Letter",
    "Follow-up",
    "Job application",
    "Rent arrears",
    "Language course",
]

# Clients in these states had coachings: open ones for "coached", ended ones otherwise.
COACHED_STATES = {"coached", "inactive", "former"}


class OfficeDataExists(Exception):
    """The database holds other clients than the spec rows: not loaded twice."""


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _states(rng: random.Random) -> list[Any]:
    """Every client state at least once, the coached ones most often."""
    states = list(ClientStates.get_list_items())
    weights = {"coached": 30, "former": 16, "inactive": 8, "newcomer": 10}
    rest = rng.choices(
        states, [weights.get(s.name, 4) for s in states], k=CLIENT_COUNT - len(states)
    )
    return states + rest


def _create_clients(rng: random.Random) -> list[Client]:
    """The clients (a multi-table child: one save each), each with its state."""
    clients = []
    for state in _states(rng):
        client = Client(
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            city=rng.choice(CITIES),
            country_id="BE",
            client_state=state,
        )
        client.save()
        clients.append(client)
    return clients


def _periods(
    rng: random.Random, start: datetime.date, count: int
) -> list[tuple[datetime.date, datetime.date]]:
    """``count`` consecutive periods from ``start``, all before ``LAST_DAY``."""
    periods = []
    for _ in range(count):
        end = min(start + datetime.timedelta(days=rng.randint(60, 700)), LAST_DAY)
        periods.append((start, end))
        start = end + datetime.timedelta(days=rng.randint(1, 90))
        if start >= LAST_DAY:
            break
    return periods


def _coachings(
    rng: random.Random, client: Client, users: dict[str, Any], endings: dict[int, list[int]]
) -> list[Coaching]:
    """Consecutive coachings of ``client``; the last one is primary and, for a
    coached client, still open (with maybe a second, non-primary open one)."""
    if client.client_state.name not in COACHED_STATES:
        return []
    start = _day_between(rng, FIRST_DAY, datetime.date(2024, 3, 1))
    coachings = []
    for begin, end in _periods(rng, start, rng.randint(1, 3)):
        type_id = rng.choice(TYPES)
        coachings.append(
            Coaching(
                client=client,
                user=users[rng.choice(COACHES)],
                type_id=type_id,
                start_date=begin,
                end_date=end,
                ending_id=rng.choice(endings[type_id]),
            )
        )
    last = coachings[-1]
    last.primary = True
    if client.client_state.name == "coached":
        last.end_date = last.ending_id = None
        if rng.random() < 0.25:
            other = rng.choice([u for u in COACHES if users[u] != last.user])
            coachings.append(
                Coaching(
                    client=client,
                    user=users[other],
                    type_id=rng.choice(TYPES),
                    start_date=_day_between(rng, last.start_date, LAST_DAY),
                )
            )
    return coachings


def _contracts(rng: random.Random, coachings: Sequence[Coaching]) -> list[Contract]:
    """Consecutive integration contracts within each integration coaching, by its coach;
    the last one of an open coaching may be open too."""
    contracts = []
    for coaching in coachings:
        if coaching.type_id != INTEGRATION:
            continue
        end = coaching.end_date or LAST_DAY
        start = coaching.start_date + datetime.timedelta(days=rng.randint(7, 45))
        while start <= end:
            stop = min(start + datetime.timedelta(days=rng.choice([182, 365])), end)
            open_end = coaching.end_date is None and stop == end and rng.random() < 0.5
            contracts.append(
                Contract(
                    client=coaching.client,
                    user=coaching.user,
                    start_date=start,
                    end_date=None if open_end else stop,
                )
            )
            start = stop + datetime.timedelta(days=1)
    return contracts


def _notes(
    rng: random.Random,
    client: Client,
    coachings: Sequence[Coaching],
    users: dict[str, Any],
    owner_type: ContentType,
) -> list[Note]:
    """Notes about ``client``, owned by it, written by its coaches."""
    authors = [c.user for c in coachings] or [users[rng.choice(COACHES)]]
    first = coachings[0].start_date if coachings else client.created.date()
    return [
        Note(
            partner=client,
            owner_type=owner_type,
            owner_id=client.pk,
            user=rng.choice(authors),
            date=_day_between(rng, first, LAST_DAY),
            subject=rng.choice(NOTE_SUBJECTS),
            state=rng.choice(["draft", "done", "done"]),
        )
        for _ in range(rng.randint(0, 4))
    ]


@transaction.atomic
def load_office_data() -> dict[str, int]:
    """Add the office's clients, coachings, notes and contracts, then recompute
    every summary; returns counts per model for a summary line.

    Raises :class:`OfficeDataExists` when there are other clients than the spec rows.
    """
    spec_ids = [row[0] for row in SPEC_CLIENTS]
    if Client.objects.exclude(pk__in=spec_ids).exists():
        raise OfficeDataExists(
            "The office data is loaded already (or other clients exist): "
            "run `manage.py prep` to start from the spec rows again."
        )
    rng = random.Random(SEED)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=COACHES)}
    endings: dict[int, list[int]] = {t: [] for t in TYPES}  # those that suit each type
    for pk, type_id in CoachingEnding.objects.order_by("pk").values_list("pk", "type"):
        for t in TYPES if type_id is None else [type_id]:
            endings[t].append(pk)
    clients = _create_clients(rng)
    owner_type = ContentType.objects.get_for_model(Client)
    coachings: list[Coaching] = []
    notes: list[Note] = []
    for client in clients:
        own = _coachings(rng, client, users, endings)
        created = own[0].start_date if own else _day_between(rng, FIRST_DAY, LAST_DAY)
        client.created = timezone.make_aware(
            datetime.datetime.combine(
                created - datetime.timedelta(days=rng.randint(0, 30)), datetime.time(9, 30)
            )
        )
        client.user = next((c.user for c in own if c.primary), None)
        coachings += own
        notes += _notes(rng, client, own, users, owner_type)
    Client.objects.bulk_update(clients, ["created", "user"])
    Client.objects.filter(pk__in=[c.pk for c in clients]).update(modified=F("created"))
    Coaching.objects.bulk_create(coachings)
    Note.objects.bulk_create(notes)
    Contract.objects.bulk_create(_contracts(rng, coachings))
    # Fetched again: bulk_create sets no ids on MariaDB.
    contracts = Contract.objects.filter(client__in=clients).select_related("client")
    for contract in contracts:
        generate_evaluations(contract)
    check_summaries()
    return {
        "office clients": len(clients),
        "office coachings": len(coachings),
        "office notes": len(notes),
        "office contracts": len(contracts),
    }
