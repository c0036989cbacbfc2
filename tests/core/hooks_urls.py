"""An admin site with an editable list, for the UI hooks in lists (``pytest.mark.urls``)."""

from django.contrib.admin import AdminSite
from django.urls import path

from demo_project.notes.models import Note
from demo_project.urls import urlpatterns as demo_urlpatterns
from lino_core_model.admin import ModelAdmin

site = AdminSite(name="hooks")


class EditableNotes(ModelAdmin):
    list_display = ["id", "subject", "state"]
    list_editable = ["subject", "state"]


site.register(Note, EditableNotes)


urlpatterns = [path("hooks/", site.urls), *demo_urlpatterns]
