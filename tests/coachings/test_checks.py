"""System checks of lino_coachings."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings

from lino_coachings.checks import check_models, check_primary_constraint


def test_the_demo_passes():
    assert check_models() == []


@override_settings(LINO_CLIENTS_CLIENT_MODEL="contacts.Person")
def test_a_client_model_that_is_not_coachable():
    assert [e.id for e in check_models()] == ["lino_coachings.E002"]


def test_a_user_model_without_coach_fields():
    with mock.patch("lino_coachings.checks.USER_FIELDS", ("coaching_type", "no_such_field")):
        errors = check_models()
    assert [e.id for e in errors] == ["lino_coachings.E003"]
    assert "no_such_field" in errors[0].msg


def test_w001_on_a_backend_without_conditional_constraints():
    with mock.patch.object(connection.features, "supports_partial_indexes", False):
        warnings = check_primary_constraint(databases=["default"])
    assert [w.id for w in warnings] == ["lino_coachings.W001"]
    assert "cannot enforce one primary coach" in warnings[0].msg


@pytest.mark.skipif(not connection.features.supports_partial_indexes, reason="MariaDB")
def test_no_warning_where_the_constraint_exists():
    assert check_primary_constraint(databases=["default"]) == []


def test_database_checks_need_a_database():
    assert check_primary_constraint(databases=None) == []
