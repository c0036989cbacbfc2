"""Tables and their rst rendering: rows, columns, master, totals, choicelists."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from etgen.html import E

from demo_project.contacts import tables as contacts_tables
from demo_project.contacts.models import Company, Partner, Person
from lino_core_model.actions import ActionRequest
from lino_core_model.choicelists import ChoiceList
from lino_core_model.fields import displayfield, virtualfield
from lino_core_model.render import cell_text, to_rst
from lino_core_model.tables import Table, get_registry


def show(capsys, table, master_instance=None, **kwargs) -> str:
    ActionRequest().show(table, master_instance, **kwargs)
    return capsys.readouterr().out


# The demo data (loaded once into the test database) gives the rows.


def test_simple_table(capsys, db):
    assert show(capsys, contacts_tables.Countries) == (
        "========== =============\n"
        " ISO code   Designation\n"
        "---------- -------------\n"
        " BE         Belgium\n"
        " EE         Estonia\n"
        " FR         France\n"
        " DE         Germany\n"
        " NL         Netherlands\n"
        "========== =============\n"
    )


def test_foreign_keys_show_their_text_and_none_is_empty(capsys, db):
    assert show(capsys, contacts_tables.Companies, quick_search="bäck") == (
        "===================== =========== ===== =======\n"
        " Name                  Reference   ID    City\n"
        "--------------------- ----------- ----- -------\n"
        " Bäckerei Ausdemwald   baeckerei   101   Eupen\n"
        " Bäckerei Mießen                   102   Eupen\n"
        " Bäckerei Schmitz                  103   Eupen\n"
        "===================== =========== ===== =======\n"
    )


def test_master_table(capsys, db):
    assert show(capsys, contacts_tables.RolesByCompany, Company.objects.get(pk=100)) == (
        "================ ===========\n"
        " Person           Function\n"
        "---------------- -----------\n"
        " ALTENBERG Hans   Manager\n"
        " ARENS Annette    Secretary\n"
        "================ ===========\n"
    )


def test_table_virtual_field_with_html(capsys, db):
    assert show(capsys, contacts_tables.RolesByPerson, Person.objects.get(pk=204)) == (
        "===================== ========== ====================================\n"
        " Organization          Function   Summary\n"
        "--------------------- ---------- ------------------------------------\n"
        " Bäckerei Ausdemwald   Manager    Manager at **Bäckerei Ausdemwald**\n"
        "===================== ========== ====================================\n"
    )


def test_master_table_needs_a_master(db):
    with pytest.raises(ValueError, match="master"):
        ActionRequest(contacts_tables.RolesByCompany).get_queryset()


def test_no_data_to_display(capsys, db):
    assert show(capsys, contacts_tables.Companies, quick_search="nothing like this") == (
        "No data to display\n"
    )


class PartnerNumbers(Table):
    model = Partner
    column_names = "name letters:10 share id"
    filter = {"city": "Aachen"}

    @virtualfield(models.IntegerField(_("Letters")))
    def letters(cls, obj, ar):
        return len(obj.name)

    @virtualfield(models.DecimalField(_("Share"), max_digits=5, decimal_places=2))
    def share(cls, obj, ar):
        return Decimal("1.25")


def test_totals_row_sums_numeric_columns_but_not_the_pk(capsys, db):
    assert show(capsys, PartnerNumbers) == (
        "=========================== ========= ========== =====\n"
        " Name                        Letters   Share      ID\n"
        "--------------------------- --------- ---------- -----\n"
        " Bernd Brechts Bücherladen   25        1.25       108\n"
        " Hans Flott & Co             15        1.25       107\n"
        " **Total (2 rows)**          **40**    **2.50**\n"
        "=========================== ========= ========== =====\n"
    )


def test_hide_sum_suppresses_the_totals_row(capsys, db):
    class Hidden(PartnerNumbers):
        hide_sum = "letters share"

    out = show(capsys, Hidden)
    assert "Total" not in out
    assert out.splitlines()[-2].startswith(" Hans Flott & Co ")


def test_limit_and_offset(capsys, db):
    out = show(capsys, contacts_tables.Countries, limit=2, offset=1)
    assert [line.split()[0] for line in out.splitlines()[3:5]] == ["EE", "FR"]
    assert " BE " not in out and " DE " not in out


# -- rows -----------------------------------------------------------------------


def test_quick_search_uses_the_model_filter(db):
    ar = ActionRequest(contacts_tables.Companies, quick_search="*rumma")
    assert [p.pk for p in ar.get_queryset()] == [100]


class Groups(Table):
    model = "auth.Group"
    column_names = "name"
    order_by = "name"


def test_quick_search_on_a_plain_django_model(db):
    Group.objects.create(name="Editors")
    Group.objects.create(name="Readers")
    assert [g.name for g in ActionRequest(Groups, quick_search="ead").get_queryset()] == [
        "Readers"
    ]
    assert list(ActionRequest(Groups, quick_search="   ").get_queryset()) == []


def test_param_values_go_through_add_param_filter(db):
    class CityPartners(Table):
        model = Partner
        parameters = {"city": models.CharField(max_length=20, default="Aachen")}

    assert ActionRequest(CityPartners).get_queryset().count() == 2
    ar = ActionRequest(CityPartners, param_values={"city": "Tallinn"})
    assert [p.pk for p in ar.get_queryset()] == [100]


def test_filter_exclude_and_distinct_only_for_to_many_joins(db):
    class Employers(Table):
        model = Company
        filter = Q(rolesbycompany__person__city="Eupen")
        exclude = {"name__startswith": "Garage"}

    qs = ActionRequest(Employers).get_queryset()
    assert qs.query.distinct
    assert sorted(c.pk for c in qs) == [100, 101, 105, 106, 107, 108, 109]  # no duplicates
    rumma = Company.objects.get(pk=100)
    plain = ActionRequest(contacts_tables.RolesByCompany, master_instance=rumma)
    assert not plain.get_queryset().query.distinct


def test_star_expands_to_the_remaining_concrete_fields():
    class AllPersons(Table):
        model = Person
        column_names = "last_name * email"
        hidden_columns = "city"

    assert AllPersons.get_column_names() == [
        "last_name", "id", "client_contact_type", "name", "country", "first_name", "email"
    ]


def test_headers_label_and_registry():
    assert [str(contacts_tables.Persons.column_header(n)) for n in ("name", "city")] == [
        "Name", "City"
    ]
    assert str(contacts_tables.RolesByCompany.column_header("company__name")) == "Name"
    assert str(contacts_tables.Persons.label) == "Persons"
    assert str(contacts_tables.RolesByCompany.label) == "Contact persons"
    assert contacts_tables.RolesByCompany.get_master() is Company
    assert get_registry()["contacts.Persons"] is contacts_tables.Persons
    assert str(contacts_tables.Persons) == "contacts.Persons"
    assert "tests.core.test_tables.Groups" not in get_registry()
    with pytest.raises(ImproperlyConfigured, match="no column 'nothing'"):
        contacts_tables.Persons.get_column("nothing")
    with pytest.raises(TypeError):
        contacts_tables.Persons()


# -- choicelists ------------------------------------------------------------------


class Sizes(ChoiceList):
    verbose_name_plural = _("Sizes")
    column_names = "value name text metric"

    @displayfield(_("Metric size"))
    def metric(cls, choice, ar):
        return E.b(f"{choice.cm} cm")


Sizes.add_item("10", _("Small"), "small", cm=20)
Sizes.add_item("20", _("Large"), "large big", cm=50)


def test_show_a_choicelist(capsys):
    assert show(capsys, Sizes) == (
        "======= =========== ======= =============\n"
        " value   name        text    Metric size\n"
        "------- ----------- ------- -------------\n"
        " 10      small       Small   **20 cm**\n"
        " 20      large big   Large   **50 cm**\n"
        "======= =========== ======= =============\n"
    )


class FakeList:
    """The interface the renderer needs from a choicelist, nothing more."""

    column_names = "value:5 text *"

    @classmethod
    def get_list_items(cls):
        return [("1", "One"), ("2", "Two")]

    @classmethod
    def get_column_header(cls, name):
        return name.upper()

    @classmethod
    def get_column_value(cls, name, choice, ar):
        return choice[0] if name == "value" else choice[1]


def test_show_a_fake_choicelist():
    assert to_rst(FakeList) == (
        "======= ======\n VALUE   TEXT\n------- ------\n"
        " 1       One\n 2       Two\n======= ======\n"
    )


# -- cells ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "Yes"),
        (False, "No"),
        (0, "0"),
        (datetime.date(2024, 3, 5), "2024-03-05"),
        (datetime.datetime(2024, 3, 5, 14, 7), "2024-03-05 14:07"),
        (datetime.timedelta(hours=1, minutes=30), "1:30"),
        (Decimal("12.50"), "12.50"),
        (_("Name"), "Name"),
        (E.p(E.b("Partner"), ", Person"), "**Partner**, Person"),
        (E.a("a link", href="https://example.com"), "a link"),
        ("<b>x</b> and <strong>y</strong>", "**x** and **y**"),
        (mark_safe('<a href="/x/">Joe</a> &amp; Co'), "Joe & Co"),
        ("plain < text", "plain < text"),
        ([E.b("a"), ", b"], "**a**, b"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.django_db
def test_a_plain_model_is_searched_by_the_one_quick_search_rule():
    """A table on a plain model searches as our quick search does (``#pk`` included)."""
    from django.contrib.auth.models import Group

    from lino_core_model.search import quick_search_filter
    from lino_core_model.tables import quick_search_q

    group = Group.objects.create(name="Sozialarbeit")
    for text in (f"#{group.pk}", "SOZIAL", "arbeit"):
        found = Group.objects.filter(quick_search_q(Group, text))
        assert list(found) == [group]
        assert quick_search_q(Group, text) == quick_search_filter(Group, text)
