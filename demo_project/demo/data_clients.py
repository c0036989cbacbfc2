"""Demo rows of lino_clients: contact types, schools, avanti clients and their contacts.

Ids are explicit (the spec prints them) and do not collide with data.py's
(companies 100-111, persons 201-220, households 301-302).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo_project.avanti.models import Client
from demo_project.contacts.models import Company, Person
from demo_project.notes.models import Note
from lino_clients.choicelists import ClientStates, KnownContactTypes
from lino_clients.models import ClientContact, ClientContactType

# Known types get the ids 1-5 in the list's order; "Other" (6) is known by none.
OTHER_TYPE = (6, "Other")

ORGANIZATIONS = [  # id, name, known contact type of the partner
    (183, "Favourite School", "school"),
    (184, "Best School", "school"),
    (185, "Christian Health Insurance", "health_insurance"),
]

CONTACT_PERSON = (186, "Ingrid", "Haas")  # of the health insurance

CLIENTS = [  # id, first name, last name, username, state, created (day of March 2024)
    (120, "Aádil", "Abdalla", "rolf", "coached", 1),
    (135, "Aloyoshenká", "Arshun", "romain", "newcomer", 3),
    (145, "Dembe", "Fall", "nelly", "former", 5),
    (159, "Abdul Báári", "Abed", "nathalie", "coached", 5),
    (165, "Antoshá", "Berendt", "robin", "incoming", 8),
]

CONTACTS = [  # client, known type, organization, contact person, remark
    (120, "school", 183, None, ""),
    (159, "school", 184, None, ""),
    (135, "school", 183, None, ""),
    (165, "school", 184, None, ""),
    (145, "school", 183, None, ""),
    (120, "health_insurance", 185, 186, ""),
    (135, None, None, None, "Knows the family well."),
]

NOTES = [(135, datetime.date(2024, 4, 10), "Interview"), (159, datetime.date(2024, 4, 12), "Visit")]


def load_client_data() -> None:
    """Create the rows (ids explicit: the caller resets the sequences afterwards)."""
    types = {}
    for pk, known in enumerate(KnownContactTypes.get_list_items(), start=1):
        types[known.name] = known.create_object(pk=pk)
        types[known.name].save()
    ClientContactType(pk=OTHER_TYPE[0], name=OTHER_TYPE[1]).save()
    for pk, name, known in ORGANIZATIONS:
        Company(pk=pk, name=name, city="Eupen", country_id="BE",
                client_contact_type=types[known]).save()
    pk, first, last = CONTACT_PERSON
    Person(pk=pk, first_name=first, last_name=last, city="Eupen", country_id="BE").save()
    users = {u.username: u for u in get_user_model().objects.all()}
    for pk, first, last, username, state, day in CLIENTS:
        Client(pk=pk, first_name=first, last_name=last, city="Eupen", country_id="BE",
               user=users[username], client_state=ClientStates.get_by_name(state)).save()
        stamp = timezone.make_aware(datetime.datetime(2024, 3, day, 15, 30))
        Client.objects.filter(pk=pk).update(created=stamp, modified=stamp)
    ClientContact.objects.bulk_create(
        ClientContact(client_id=client, type=types.get(known), company_id=company,
                      contact_person_id=person, remark=remark)
        for client, known, company, person, remark in CONTACTS
    )
    Note.objects.bulk_create(
        Note(partner_id=pk, date=date, subject=subject, user=users["robin"])
        for pk, date, subject in NOTES
    )
