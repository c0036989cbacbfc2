from django.contrib import admin

from lino_checkdata.tables import ProblemsByOwner
from lino_clients.admin import ClientContactInline
from lino_coachings.tables import CoachingsByClient
from lino_gfks.admin import ModelAdmin
from lino_summaries.admin import SummariesAdminMixin

from .models import Client


@admin.register(Client)
class ClientAdmin(SummariesAdminMixin, ModelAdmin):
    list_display = ["name", "client_state", "user"]
    list_filter = ["client_state"]
    search_fields = ["name", "first_name", "last_name"]
    exclude = ["name"]
    inlines = [ClientContactInline]  # ContactsByClient, editable
    slave_tables = [CoachingsByClient, ProblemsByOwner]
    summary_fields = ["active_from", "active_until"]
    summary_action = "check_summaries"
    row_actions = ("check_summaries",)
