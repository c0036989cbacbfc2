from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lino_core_model.admin import LinoAdminMixin

from .models import User


@admin.register(User)
class LinoUserAdmin(LinoAdminMixin, UserAdmin):
    pass
