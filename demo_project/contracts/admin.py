from django.contrib import admin

from lino_gfks.admin import ModelAdmin
from lino_summaries.admin import SummaryRowsAdminMixin

from .models import Contract, UserStat


@admin.register(Contract)
class ContractAdmin(ModelAdmin):
    list_display = ["client", "start_date", "end_date", "user"]
    list_filter = ["start_date"]


@admin.register(UserStat)
class UserStatAdmin(SummaryRowsAdminMixin, ModelAdmin):
    list_display = ["master", "year", "month", "notes", "contracts"]
    list_filter = ["master", "year"]
