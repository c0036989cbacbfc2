from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lino_core_model.admin import ModelAdmin

from . import models


@admin.register(models.User)
class CrmUserAdmin(UserAdmin, ModelAdmin):
    """Django's user admin with our quick search, delete veto and merge."""


for model in (
    models.Person,
    models.Organisation,
    models.RoleType,
    models.Role,
    models.Client,
    models.Note,
    models.NotesPerMonth,
):
    admin.site.register(model, ModelAdmin)
