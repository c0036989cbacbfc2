"""Partners with multi-table inheritance, as in Lino's contacts plugin."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lino_clients.mixins import ClientContactTypeMixin
from lino_core_model.models import Model, QuickSearchIndex


class Country(Model):
    """A country; its primary key is the ISO code (not an integer)."""

    isocode = models.CharField(_("ISO code"), max_length=4, primary_key=True)
    name = models.CharField(_("Designation"), max_length=200)

    class Meta:
        verbose_name = _("Country")
        verbose_name_plural = _("Countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(ClientContactTypeMixin, Model):
    """Anybody who can be a party: a person, a company or a household."""

    name = models.CharField(_("Name"), max_length=200, db_index=True)
    email = models.EmailField(_("E-mail"), blank=True)
    city = models.CharField(_("City"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, models.CASCADE, verbose_name=_("Country"), blank=True, null=True
    )
    allow_merge_action = True
    quick_search_fields = "name email city"

    class Meta:
        verbose_name = _("Partner")
        verbose_name_plural = _("Partners")
        ordering = ["name", "id"]
        indexes = [QuickSearchIndex(fields=["name", "email", "city"], name="partner_quick_search")]

    def __str__(self) -> str:
        return self.name


class Person(Partner):
    first_name = models.CharField(_("First name"), max_length=200, blank=True)
    last_name = models.CharField(_("Last name"), max_length=200, blank=True)
    quick_search_fields = "name first_name last_name email"

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Persons")
        ordering = ["last_name", "first_name", "id"]
        indexes = [QuickSearchIndex(fields=["first_name", "last_name"], name="person_quick_search")]

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = " ".join(n for n in (self.last_name.upper(), self.first_name) if n)
        super().save(*args, **kwargs)


class Company(Partner):
    ref = models.CharField(_("Reference"), max_length=40, blank=True, null=True, unique=True)

    class Meta:
        verbose_name = _("Organization")
        verbose_name_plural = _("Organizations")
        ordering = ["name", "id"]


class Household(Partner):
    class Meta:
        verbose_name = _("Household")
        verbose_name_plural = _("Households")
        ordering = ["name", "id"]


class RoleType(Model):
    name = models.CharField(_("Designation"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("Function")
        verbose_name_plural = _("Functions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(Model):
    """A person's role (function) in a company."""

    type = models.ForeignKey(
        RoleType, models.CASCADE, verbose_name=_("Function"), blank=True, null=True
    )
    person = models.ForeignKey(Person, models.CASCADE, verbose_name=_("Person"))
    company = models.ForeignKey(
        Company, models.CASCADE, verbose_name=_("Organization"), related_name="rolesbycompany"
    )
    allow_cascaded_delete = "company"

    class Meta:
        verbose_name = _("Contact person")
        verbose_name_plural = _("Contact persons")

    def __str__(self) -> str:
        person, company = getattr(self, "person", None), getattr(self, "company", None)
        return f"{person or ''} ({company or ''})"
