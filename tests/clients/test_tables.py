"""The client parameters really filter; the contact tables and the "See as" column."""

from __future__ import annotations

import datetime

import pytest

from demo_project.avanti.models import Client
from demo_project.avanti.tables import Clients
from demo_project.contacts.models import Company, Partner, Person
from lino_clients import tables
from lino_clients.choicelists import ClientStates, KnownContactTypes
from lino_clients.models import ClientContact
from lino_core_model.actions import ActionRequest
from lino_core_model.render import cell_text

pytestmark = pytest.mark.django_db


def rows(table, master=None, **params) -> list[int]:
    ar = ActionRequest(table, master_instance=master, param_values=params)
    return [obj.pk for obj in ar.get_data_iterator()]


def test_without_parameters_every_client_shows():
    assert rows(Clients) == [120, 159, 135, 165, 145]


def test_client_contact_type_parameter_filters():
    health = KnownContactTypes.health_insurance.get_object()
    assert rows(Clients, client_contact_type=health) == [120]


def test_client_contact_company_parameter_filters():
    assert rows(Clients, client_contact_company=Company.objects.get(pk=184)) == [159, 165]


def test_client_state_parameter_filters_by_choice_or_name():
    assert rows(Clients, client_state=ClientStates.coached) == [120, 159]
    assert rows(Clients, client_state="former") == [145]


def test_contact_parameters_give_each_client_once():
    school = KnownContactTypes.school.get_object()
    ClientContact.objects.create(client_id=120, type=school, company_id=184)
    assert rows(Clients, client_contact_type=school) == [120, 159, 135, 165, 145]


def test_observed_event_parameter_filters_the_period():
    assert rows(Clients, observed_event="created", start_date=datetime.date(2024, 3, 5),
                end_date=datetime.date(2024, 3, 5)) == [159, 145]


def test_contacts_by_type_are_in_the_order_of_the_clients():
    school = KnownContactTypes.school.get_object()
    assert rows(tables.ClientContactsByType, school) == [
        ClientContact.objects.get(client_id=pk, type=school).pk
        for pk in (120, 159, 135, 165, 145)
    ]


def test_contacts_by_client_company_and_person():
    client = Client.objects.get(pk=120)
    assert len(rows(tables.ContactsByClient, client)) == 2
    assert len(rows(tables.ClientContactsByCompany, Company.objects.get(pk=183))) == 3
    assert len(rows(tables.ClientContactsByPerson, Person.objects.get(pk=186))) == 1


def test_partners_by_type_lists_partners_of_that_type():
    school = KnownContactTypes.school.get_object()
    assert rows(tables.PartnersByClientContactType, school) == [184, 183]


def test_see_as_shows_the_current_form_and_the_forms_it_can_take():
    plain = Partner.objects.create(name="Plain")
    assert cell_text(tables.mti_navigator(plain)) == (
        "**Partner**, Person, Organization, Household")
    school = Partner.objects.get(pk=183)  # an organization
    assert cell_text(tables.mti_navigator(school)) == "**Partner**, Person, Household"
    person = Person.objects.get(pk=186)
    assert cell_text(tables.mti_navigator(person)) == "**Person**, Organization, Household"
