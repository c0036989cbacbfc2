"""The tables of the demo's contacts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from etgen.html import E

from lino_core_model.fields import displayfield
from lino_core_model.tables import Table
from lino_core_model.utils import xml_text


class Partners(Table):
    model = "contacts.Partner"
    column_names = "name id email city country"
    order_by = "name id"


class Persons(Table):
    model = "contacts.Person"
    column_names = "name first_name last_name email city"


class Companies(Table):
    model = "contacts.Company"
    column_names = "name ref id city"


class Countries(Table):
    model = "contacts.Country"
    column_names = "isocode name"


class RolesByCompany(Table):
    """The contact persons of an organization."""

    model = "contacts.Role"
    master_key = "company"
    column_names = "person type"
    order_by = "person__name"
    label = _("Contact persons")


class RolesByPerson(Table):
    """The organizations where a person works, with their function."""

    model = "contacts.Role"
    master_key = "person"
    column_names = "company type role_summary"
    order_by = "company__name"
    label = _("Contact for")

    @displayfield(_("Summary"))
    def role_summary(cls, obj, ar):
        company = E.b(xml_text(str(obj.company)))  # a name may hold a control character
        return E.span(xml_text(f"{obj.type or _('Contact')} at "), company)
