from django.contrib import admin

from .models import Company, Country, Household, Partner, Person, Role, RoleType


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "company"
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["isocode", "name"]
    search_fields = ["isocode", "name"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country"]
    search_fields = ["name", "email", "city"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "first_name", "last_name", "city", "country"]
    search_fields = ["name", "first_name", "last_name", "email"]
    exclude = ["name"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "ref", "city", "country"]
    search_fields = ["name", "ref"]
    inlines = [RoleInline]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["name", "city"]
    search_fields = ["name"]


@admin.register(RoleType)
class RoleTypeAdmin(admin.ModelAdmin):
    search_fields = ["name"]
