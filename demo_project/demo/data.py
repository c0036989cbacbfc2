"""The deterministic demo data: the same rows and ids at every ``prep``."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction

from demo_project.contacts.models import (
    Company,
    Country,
    Household,
    Person,
    Role,
    RoleType,
)
from demo_project.notes.models import Note

from .data_admin import load_admin_data
from .data_clients import load_client_data
from .data_coachings import load_coachings_data
from .data_gfks import load_gfks_data
from .data_summaries import load_summaries_data

PASSWORD = "1234"

USERS = [  # username, first name, last name, superuser
    ("robin", "Robin", "Rood", True),
    ("rolf", "Rolf", "Rompen", False),
    ("romain", "Romain", "Raffault", False),
    ("nathalie", "Nathalie", "Nelissen", False),
    ("nelly", "Nelly", "Nelissen", False),
]

COUNTRIES = [("BE", "Belgium"), ("DE", "Germany"), ("EE", "Estonia"), ("FR", "France"),
             ("NL", "Netherlands")]

COMPANIES = [  # id, name, ref, city, country
    (100, "Rumma & Ko OÜ", "rumma", "Tallinn", "EE"),
    (101, "Bäckerei Ausdemwald", "baeckerei", "Eupen", "BE"),
    (102, "Bäckerei Mießen", None, "Eupen", "BE"),
    (103, "Bäckerei Schmitz", None, "Eupen", "BE"),
    (104, "Garage Mergelsberg", "garage", "Eupen", "BE"),
    (105, "Donderweer BV", None, "Amsterdam", "NL"),
    (106, "Van Achter NV", None, "Brussels", "BE"),
    (107, "Hans Flott & Co", None, "Aachen", "DE"),
    (108, "Bernd Brechts Bücherladen", None, "Aachen", "DE"),
    (109, "Reinhards Baumschule", None, "Eupen", "BE"),
    (110, "Moulin Rouge", None, "Paris", "FR"),
    (111, "Auto École Verte", None, "Liège", "BE"),
]

PERSONS = [  # id, first name, last name, city
    (201, "Hans", "Altenberg", "Eupen"),
    (202, "Annette", "Arens", "Eupen"),
    (203, "Andreas", "Arens", "Eupen"),
    (204, "Alfons", "Ausdemwald", "Eupen"),
    (205, "Laurent", "Bastiaensen", "Eupen"),
    (206, "Charlotte", "Collard", "Eupen"),
    (207, "Ulrike", "Charlier", "Eupen"),
    (208, "Marc", "Chantraine", "Eupen"),
    (209, "Daniel", "Dericum", "Eupen"),
    (210, "Dorothée", "Demeulenaere", "Eupen"),
    (211, "Berta", "Dobbelstein-Demeulenaere", "Eupen"),
    (212, "Dorothée", "Dobbelstein", "Eupen"),
    (213, "Eberhart", "Ernst", "Eupen"),
    (214, "Daniel", "Evers", "Eupen"),
    (215, "Edgar", "Engels", "Eupen"),
    (216, "Luc", "Faymonville", "Eupen"),
    (217, "Gérard", "Gernegroß", "Eupen"),
    (218, "Jean", "Groteclaes", "Eupen"),
    (219, "Hildegard", "Hilgers", "Eupen"),
    (220, "Henri", "Hilgers", "Eupen"),
]

HOUSEHOLDS = [(301, "Altenberg-Arens"), (302, "Dobbelstein-Demeulenaere")]

ROLE_TYPES = [(1, "Manager"), (2, "Director"), (3, "Secretary"), (4, "IT manager")]

ROLES = [  # company, person, role type
    (100, 201, 1), (100, 202, 3), (101, 204, 1), (101, 203, 3), (104, 205, 2),
    (105, 206, 1), (106, 207, 4), (107, 208, 1), (108, 209, 2), (109, 210, 1),
]

NOTE_SUBJECTS = ["First contact", "Phone call", "Meeting", "Letter", "Follow-up"]


@transaction.atomic
def load_demo_data() -> dict[str, int]:
    """Create every demo row; returns counts per model for a summary line."""
    User = get_user_model()
    users = []
    for username, first, last, superuser in USERS:
        user = User(username=username, first_name=first, last_name=last,
                    email=f"{username}@example.com", is_staff=True, is_superuser=superuser)
        user.set_password(PASSWORD)
        users.append(user)
    User.objects.bulk_create(users)
    Country.objects.bulk_create(Country(isocode=c, name=n) for c, n in COUNTRIES)
    for pk, name, ref, city, country in COMPANIES:
        Company(pk=pk, name=name, ref=ref, city=city, country_id=country).save()
    for pk, first, last, city in PERSONS:
        Person(pk=pk, first_name=first, last_name=last, city=city, country_id="BE").save()
    for pk, name in HOUSEHOLDS:
        Household(pk=pk, name=name, city="Eupen", country_id="BE").save()
    RoleType.objects.bulk_create(RoleType(pk=pk, name=name) for pk, name in ROLE_TYPES)
    Role.objects.bulk_create(
        Role(company_id=c, person_id=p, type_id=t) for c, p, t in ROLES
    )
    users = list(User.objects.order_by("pk"))
    notes = []
    for i, (pk, *_rest) in enumerate(PERSONS[:10]):
        for j in range(i % 3 + 1):
            notes.append(Note(
                partner_id=pk, user=users[(i + j) % len(users)],
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=7 * i + j),
                subject=NOTE_SUBJECTS[(i + j) % len(NOTE_SUBJECTS)],
                state="done" if j else "draft",
            ))
    Note.objects.bulk_create(notes)
    load_gfks_data()
    load_client_data()
    load_summaries_data()
    load_coachings_data()
    load_admin_data()
    reset_sequences()  # keep this last: rows above were inserted with explicit ids
    return {
        "users": User.objects.count(),
        "partners": len(COMPANIES) + len(PERSONS) + len(HOUSEHOLDS),
        "notes": len(notes),
    }


def reset_sequences() -> None:
    """Let the database's id sequences continue after the explicit demo ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
