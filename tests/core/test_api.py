"""The ``rt`` / ``dd`` facades and ``from lino_core_model.api.doctest import *``."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from demo_project.avanti.models import Client
from demo_project.contacts import tables as contacts_tables
from demo_project.contacts.models import Company, Household, Partner, Person
from demo_project.notes.choicelists import NoteStates
from lino_core_model.api import dd, rt
from lino_core_model.models import Model
from lino_core_model.roles import SiteStaff
from lino_core_model.tables import Table


def test_rt_models_gives_models_tables_and_choicelists():
    assert rt.models.contacts.Partner is Partner
    assert rt.models.contacts.Partners is contacts_tables.Partners
    assert rt.models.notes.NoteStates is NoteStates
    assert "RolesByCompany" in dir(rt.models.contacts)


def test_rt_models_errors_are_clear():
    with pytest.raises(AttributeError, match="App 'contacts' has no model, table or choicelist"):
        _ = rt.models.contacts.Nothing
    with pytest.raises(AttributeError, match="No installed app with label 'nothing'"):
        _ = rt.models.nothing
    with pytest.raises(AttributeError):
        _ = rt.models.contacts.partner  # names are case-sensitive, as in Lino


def test_models_by_base():
    assert rt.models_by_base(Partner) == [Client, Company, Household, Partner, Person]
    assert rt.models_by_base(Partner, toplevel_only=True) == [Partner]
    found = rt.models_by_base(Model)
    assert Person in found and get_user_model() in found
    names = [f"{m._meta.app_label}.{m.__name__}" for m in found]
    assert names == sorted(names)


@pytest.mark.django_db
def test_login_and_show(capsys):
    ar = rt.login("robin")
    assert ar.get_user().username == "robin"
    ar.show(rt.models.contacts.RolesByCompany, Company.objects.get(pk=101))
    assert capsys.readouterr().out == (
        "=================== ===========\n"
        " Person              Function\n"
        "------------------- -----------\n"
        " ARENS Andreas       Secretary\n"
        " AUSDEMWALD Alfons   Manager\n"
        "=================== ===========\n"
    )
    assert rt.login().get_user() is None
    with pytest.raises(get_user_model().DoesNotExist, match="nobody"):
        rt.login("nobody")


class StaffOnly(Table):
    model = Company
    column_names = "name"
    required_roles = frozenset({SiteStaff})


@pytest.mark.django_db
def test_show_checks_required_roles_of_a_logged_in_user(capsys):
    user = get_user_model().objects.get(username="rolf")
    user.is_staff = False
    user.save()
    with pytest.raises(PermissionDenied):
        rt.login("rolf").show(StaffOnly)
    rt.login("robin").show(StaffOnly, limit=1)
    assert "Auto École Verte" in capsys.readouterr().out


@pytest.mark.django_db
def test_rt_show_with_keywords(capsys):
    rt.show(rt.models.contacts.Countries, limit=1)
    assert capsys.readouterr().out.splitlines()[3] == " BE         Belgium"


def test_rt_show_choicelist(capsys):
    rt.show(NoteStates)
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[:3] == ["value", "name", "text"]


def test_dd_reexports():
    from lino_core_model import choicelists, fields, inject, workflows

    assert dd.Model is Model
    assert dd.Table is Table
    assert dd.ChoiceList is choicelists.ChoiceList
    assert dd.Choice is choicelists.Choice
    assert dd.ChoiceListField is choicelists.ChoiceListField
    assert dd.Workflow is workflows.Workflow
    assert dd.displayfield is fields.displayfield
    assert dd.inject_field is inject.inject_field
    assert dd.fields.CharField is not None
    assert str(dd._("Name")) == "Name"
    with pytest.raises(AttributeError):
        _ = dd.nothing


def test_doctest_star_import():
    namespace: dict = {}
    exec("from lino_core_model.api.doctest import *", namespace)
    assert namespace["rt"] is rt and namespace["dd"] is dd
    assert namespace["show"] is rt.show
    assert str(namespace["E"].b("x").tag) == "b"
    assert namespace["contacts"] is rt.models.contacts
    assert namespace["contacts"].Person is Person
    assert namespace["notes"].NoteStates is NoteStates
    assert namespace["gfks"] is rt.models.gfks
