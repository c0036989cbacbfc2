"""System checks of lino_clients and its settings."""

from __future__ import annotations

import pytest
from django.test import override_settings

from demo_project.contacts.models import Person
from lino_clients.checks import check_client_model
from lino_clients.choicelists import ClientEvents
from lino_clients.conf import app_settings


def ids(messages) -> list[str]:
    return [m.id for m in messages]


def test_the_demo_is_clean():
    assert check_client_model() == []


@override_settings(LINO_CLIENTS_CLIENT_MODEL="contacts.Person")
def test_e001_client_model_without_client_base():
    assert ids(check_client_model()) == ["lino_clients.E001"]


@override_settings(LINO_CLIENTS_CLIENT_MODEL="nowhere.Client")
def test_e001_client_model_not_installed():
    assert ids(check_client_model()) == ["lino_clients.E001"]


def test_e002_client_model_lacks_the_field_of_an_event():
    messages = ClientEvents.created.check_model(Person)
    assert ids(messages) == ["lino_clients.E002"]
    assert "needs a date or datetime field 'created' on contacts.Person" in messages[0].msg


@pytest.mark.parametrize("setting, value, text", [
    ("LINO_CLIENTS_NOTE_MODEL", "nowhere.Note", "an installed note model"),
    ("LINO_CLIENTS_NOTE_CLIENT_FIELD", "user", "a foreign key 'user' of notes.Note"),
    ("LINO_CLIENTS_NOTE_DATE_FIELD", "subject", "a date field 'subject' of notes.Note"),
])
def test_e003_note_event_misconfigured(setting, value, text):
    with override_settings(**{setting: value}):
        messages = check_client_model()
    assert ids(messages) == ["lino_clients.E003"]
    assert text in messages[0].msg


def test_e004_core_app_missing():
    from unittest import mock

    with mock.patch("django.apps.apps.is_installed", return_value=False):
        assert "lino_clients.E004" in ids(check_client_model())


def test_settings_are_read_at_access_time():
    assert app_settings.COMPANY_MODEL == "contacts.Company"
    with override_settings(LINO_CLIENTS_COMPANY_MODEL="x.Y"):
        assert app_settings.COMPANY_MODEL == "x.Y"
