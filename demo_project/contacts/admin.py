from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from lino_core_model.admin import TabularInline
from lino_gfks.admin import ContentTypeAdmin, ModelAdmin

from .models import Company, Country, Household, Partner, Person, Role, RoleType

# lino_gfks offers a read-only admin of Django's content types (the ContentTypes
# table links to it); it registers none on Django's models for you.
admin.site.register(ContentType, ContentTypeAdmin)


class RoleInline(TabularInline):
    model = Role
    fk_name = "company"
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Country)
class CountryAdmin(ModelAdmin):
    list_display = ["isocode", "name"]
    search_fields = ["isocode", "name"]


@admin.register(Partner)
class PartnerAdmin(ModelAdmin):
    list_display = ["name", "city", "country"]
    search_fields = ["name", "email", "city"]


@admin.register(Person)
class PersonAdmin(ModelAdmin):
    list_display = ["name", "first_name", "last_name", "city", "country"]
    search_fields = ["name", "first_name", "last_name", "email"]
    exclude = ["name"]


@admin.register(Company)
class CompanyAdmin(ModelAdmin):
    list_display = ["name", "ref", "city", "country"]
    search_fields = ["name", "ref"]
    inlines = [RoleInline]


@admin.register(Household)
class HouseholdAdmin(ModelAdmin):
    list_display = ["name", "city"]
    search_fields = ["name"]


@admin.register(RoleType)
class RoleTypeAdmin(ModelAdmin):
    search_fields = ["name"]
