from django.contrib import admin

from lino_core_model.admin import ModelAdmin

from .models import Note


@admin.register(Note)
class NoteAdmin(ModelAdmin):
    list_display = ["date", "subject", "partner", "user", "state"]
    list_filter = ["state", "user"]
    search_fields = ["subject", "body"]
    autocomplete_fields = ["partner"]
    date_hierarchy = "date"
