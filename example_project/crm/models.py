"""The example project's models: users, contacts, clients, notes and a monthly summary."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Count
from django.utils import timezone

from lino_clients.mixins import ClientContactTypeMixin
from lino_coachings.mixins import Coachable, CoachMixin
from lino_core_model.models import Model
from lino_gfks.mixins import Controllable
from lino_summaries.aggregates import SummaryAggregate
from lino_summaries.mixins import MonthlySlaveSummary

from .choicelists import NoteStates


# AbstractUser first: its Meta (and manager) must win over the mixins'.
class User(AbstractUser, CoachMixin, Model):
    allow_merge_action = True


class Partner(ClientContactTypeMixin, Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    quick_search_fields = "name email"
    allow_merge_action = True

    def __str__(self):
        return self.name


class Person(Partner):
    first_name = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=200)


class Organisation(Partner):
    """A company or an office: a partner with nothing more (a multi-table child)."""


class RoleType(Model):
    name = models.CharField(max_length=200)

    def __str__(self):
        return self.name


class Role(Model):
    type = models.ForeignKey(RoleType, models.PROTECT, blank=True, null=True)
    person = models.ForeignKey(Person, models.CASCADE)
    organisation = models.ForeignKey(Organisation, models.CASCADE)
    # Deleting (or duplicating) an organisation takes its roles along.
    allow_cascaded_delete = "organisation"


# Coachable already includes lino_clients' ClientBase (the client_state workflow).
class Client(Person, Coachable):
    created = models.DateTimeField(default=timezone.now, editable=False)
    modified = models.DateTimeField(auto_now=True, editable=False)


class Note(Controllable):
    client = models.ForeignKey(Client, models.CASCADE, related_name="notes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT)
    date = models.DateField(default=timezone.localdate)
    subject = models.CharField(max_length=200)
    state = NoteStates.field(default="draft")
    workflow_state_field = "state"
    allow_cascaded_delete = "client"

    def __str__(self):
        return self.subject


class NotesPerMonth(MonthlySlaveSummary):
    """How many notes each user wrote per month (recomputed by checksummaries)."""

    master = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE)
    notes = models.IntegerField(default=0, editable=False)
    summary_aggregates = {
        "notes": SummaryAggregate(Note, "user", Count("pk"), date_field="date"),
    }
