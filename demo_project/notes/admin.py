from django.contrib import admin

from lino_gfks.admin import ModelAdmin

from .models import Note


@admin.register(Note)
class NoteAdmin(ModelAdmin):
    list_display = ["date", "subject", "partner", "owner_type", "owner_id", "user", "state"]
    list_filter = ["state", "user"]
    search_fields = ["subject", "body"]
    autocomplete_fields = ["partner"]
    date_hierarchy = "date"
