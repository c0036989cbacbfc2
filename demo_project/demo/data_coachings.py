"""Demo rows of lino_coachings: types, endings, coachings, coach groups, a message,
and the evaluation events of the contracts.

The primary coach of each demo client is the user its text shows
("ABDALLA Aádil (120/rolf)"). ABDALLA Aádil has a past and two current
coachings. Only coached clients have active coachings: the checkers find no
problem. Ids are explicit: the caller resets the sequences afterwards.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from demo_project.avanti.models import Client
from demo_project.cal.evaluations import generate_evaluations
from demo_project.contracts.models import Contract
from lino_coachings.models import Coaching, CoachingEnding, CoachingType

TYPES = [  # id, name, does_integ, does_gss
    (1, "General Social Service", False, True),
    (2, "Integration Service", True, False),
    (3, "Debt mediation", False, False),
]

ENDINGS = [  # id, seqno, name, type
    (1, 1, "Transfer to colleague", None),
    (2, 2, "End of right on social aid", 1),
    (3, 3, "Moved to another town", None),
    (4, 4, "Found a job", 2),
]

COACHINGS = [  # id, client, coach, type, primary, start, end, ending
    (1, 120, "romain", 2, False, (2023, 1, 2), (2023, 12, 31), 1),
    (2, 120, "rolf", 2, True, (2024, 1, 1), None, None),
    (3, 120, "nathalie", 1, False, (2024, 3, 1), None, None),
    (4, 135, "romain", 2, True, (2024, 3, 3), (2024, 3, 31), 1),
    (5, 145, "nelly", 1, True, (2024, 3, 5), (2024, 6, 30), 3),
    (6, 159, "nathalie", 2, True, (2024, 3, 5), None, None),
    (7, 165, "robin", 1, True, (2024, 3, 8), (2024, 4, 30), 1),
]

GROUPS = [  # name, permissions, members
    ("Coaches", ["coach_clients", "view_coaching", "add_coaching", "change_coaching"],
     ["rolf", "romain", "nathalie", "nelly"]),
    ("Coachings staff", ["manage_coachings", "view_coaching", "add_coaching",
                         "change_coaching", "delete_coaching"], ["nelly"]),
]


def _day(value: tuple[int, int, int] | None) -> datetime.date | None:
    return None if value is None else datetime.date(*value)


def load_coachings_data() -> None:
    """Create the rows; nelly is coachings staff and supervisor, rolf's default type
    is the integration service; robin assigns rolf to ABED Abdul Báári (a message).
    Needs the contracts (``load_summaries_data()``)."""
    CoachingType.objects.bulk_create(
        CoachingType(pk=pk, name=name, does_integ=integ, does_gss=gss)
        for pk, name, integ, gss in TYPES)
    CoachingEnding.objects.bulk_create(
        CoachingEnding(pk=pk, seqno=seqno, name=name, type_id=type_id)
        for pk, seqno, name, type_id in ENDINGS)
    get_user_model().objects.filter(username="nelly").update(coaching_supervisor=True)
    get_user_model().objects.filter(username="rolf").update(coaching_type=2)
    users = {u.username: u for u in get_user_model().objects.all()}
    Coaching.objects.bulk_create(
        Coaching(pk=pk, client_id=client, user=users[coach], type_id=type_id,
                 primary=primary, start_date=_day(start), end_date=_day(end),
                 ending_id=ending)
        for pk, client, coach, type_id, primary, start, end, ending in COACHINGS)
    for name, codenames, members in GROUPS:
        group = Group.objects.create(name=name)
        group.permissions.set(Permission.objects.filter(
            content_type__app_label="coachings", codename__in=codenames))
        group.user_set.set(users[m] for m in members)
    coaching = Coaching(pk=8, client=Client.objects.get(pk=159), user=users["rolf"],
                        type_id=3, start_date=datetime.date(2024, 5, 2))
    coaching.acting_user = users["robin"]
    coaching.full_clean()
    coaching.save()
    for contract in Contract.objects.select_related("client").order_by("pk"):
        generate_evaluations(contract)
