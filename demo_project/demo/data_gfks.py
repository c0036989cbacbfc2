"""Demo rows of lino_gfks: notes attached to persons and organizations, a help text."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType

from demo_project.contacts.models import Company, Person
from demo_project.notes.models import Note
from lino_gfks.models import HelpText

OWNED_NOTES = [  # owner model, owner id, subject
    (Person, 211, "Visit at home"),
    (Person, 212, "Documents received"),
    (Company, 104, "Contract signed"),
    (Company, 110, "Invoice sent"),
]


def load_gfks_data() -> int:
    """Create the notes owned by a partner (the note's partner is the owner too)."""
    Note.objects.bulk_create(
        Note(
            partner_id=pk, owner_type=ContentType.objects.get_for_model(model), owner_id=pk,
            date=datetime.date(2024, 3, 1) + datetime.timedelta(days=i), subject=subject,
        )
        for i, (model, pk, subject) in enumerate(OWNED_NOTES)
    )
    HelpText.objects.create(
        content_type=ContentType.objects.get_for_model(Note),
        field="subject",
        help_text="What the note is about, in a few words.",
    )
    return len(OWNED_NOTES)
