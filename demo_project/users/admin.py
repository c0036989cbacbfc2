from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lino_core_model.admin import LinoAdminMixin
from lino_summaries.admin import SummariesAdminMixin

from .models import User


@admin.register(User)
class LinoUserAdmin(SummariesAdminMixin, LinoAdminMixin, UserAdmin):
    pass
