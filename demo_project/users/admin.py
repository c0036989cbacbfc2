from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from lino_core_model.admin import LinoAdminMixin
from lino_summaries.admin import SummariesAdminMixin

from .models import User


@admin.register(User)
class LinoUserAdmin(SummariesAdminMixin, LinoAdminMixin, UserAdmin):
    pass


# Django's admin of groups, with ours on top (odd input in its filters and its
# multiple select of permissions is a form error, not a 500).
admin.site.unregister(Group)


@admin.register(Group)
class LinoGroupAdmin(LinoAdminMixin, GroupAdmin):
    """Django's group admin with our odd-input handling."""
