from django.contrib import admin

from .models import Note


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["date", "subject", "partner", "user", "state"]
    list_filter = ["state", "user"]
    search_fields = ["subject", "body"]
    autocomplete_fields = ["partner"]
    date_hierarchy = "date"
