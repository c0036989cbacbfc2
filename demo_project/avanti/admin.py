from django.contrib import admin

from lino_clients.admin import ClientContactInline
from lino_core_model.admin import ModelAdmin

from .models import Client


@admin.register(Client)
class ClientAdmin(ModelAdmin):
    list_display = ["name", "client_state", "user"]
    search_fields = ["name", "first_name", "last_name"]
    exclude = ["name"]
    inlines = [ClientContactInline]
