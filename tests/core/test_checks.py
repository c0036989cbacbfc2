"""System checks for wrong declarations, each with a stable id."""

from __future__ import annotations

import pytest
from django.db import models
from django.test.utils import isolate_apps

from lino_core_model import checks
from lino_core_model.models import Model


def ids(messages, model):
    return sorted(m.id for m in messages if m.obj is model)


def run(check, *models_):
    from unittest import mock

    with mock.patch.object(checks, "_our_models", return_value=list(models_)):
        return check()


def our_model(class_name: str, /, **attrs) -> type[Model]:
    """A model of ours named ``class_name``, declared inside ``isolate_apps``."""
    meta = type("Meta", (), {"app_label": "lino_core_model"})
    return type(class_name, (Model,), {"__module__": __name__, "Meta": meta, **attrs})


@pytest.mark.parametrize("listed", ["name", "label"])  # a concrete field, a virtual field
@isolate_apps("lino_core_model")
def test_e001_allow_cascaded_delete_names_no_foreign_key(listed):
    from lino_core_model.fields import VirtualField

    master = our_model("Master")
    slave = our_model(
        "Slave",
        master=models.ForeignKey(master, models.CASCADE),
        name=models.CharField(max_length=10),
        label=VirtualField(models.CharField("Label"), lambda self, ar=None: self.name),
        allow_cascaded_delete=f"master {listed}",
    )
    messages = run(checks.check_cascades, slave)
    assert ids(messages, slave) == ["lino_core_model.E001"]
    assert f"'{listed}'" in messages[0].msg


@isolate_apps("lino_core_model")
def test_e003_listed_but_not_cascade():
    master = our_model("Master")
    slave = our_model(
        "Slave", master=models.ForeignKey(master, models.PROTECT), allow_cascaded_delete="master"
    )
    assert ids(run(checks.check_cascades, slave), slave) == ["lino_core_model.E003"]


@isolate_apps("lino_core_model")
def test_e004_allow_cascaded_copy_names_no_foreign_key():
    thing = our_model("Thing", allow_cascaded_copy="nope")
    assert ids(run(checks.check_cascades, thing), thing) == ["lino_core_model.E004"]


@isolate_apps("lino_core_model")
def test_e002_quick_search_fields_names_no_field():
    thing = our_model(
        "Thing", name=models.CharField(max_length=10), quick_search_fields="name nickname"
    )
    messages = run(checks.check_quick_search, thing)
    assert ids(messages, thing) == ["lino_core_model.E002"]
    assert "'nickname'" in messages[0].msg


@isolate_apps("lino_core_model")
def test_e006_workflow_state_field_is_no_choicelist_field():
    thing = our_model("Thing", state=models.CharField(max_length=10), workflow_state_field="state")
    assert ids(run(checks.check_workflow_state_field, thing), thing) == ["lino_core_model.E006"]


def test_demo_project_passes_all_checks():
    from django.core.management import call_command

    call_command("check", fail_level="WARNING")


def test_needed_apps_errors_name_each_missing_app():
    from unittest import mock

    assert checks.needed_apps_errors("lino_x", ["lino_core_model"], "lino_x.E001") == []
    with mock.patch("django.apps.apps.is_installed", side_effect=lambda name: name == "a"):
        errors = checks.needed_apps_errors("lino_x", ["a", "b", "c"], "lino_x.E001")
    assert [(e.id, e.msg, e.hint) for e in errors] == [
        ("lino_x.E001", "lino_x needs 'b' in INSTALLED_APPS.", "Add 'b' to INSTALLED_APPS."),
        ("lino_x.E001", "lino_x needs 'c' in INSTALLED_APPS.", "Add 'c' to INSTALLED_APPS."),
    ]


def test_swappable_setting_errors_only_for_a_changed_setting():
    from django.test import override_settings

    defaults = {"LINO_X_THING_MODEL": "x.Thing"}
    assert checks.swappable_setting_errors("lino_xs", defaults, "lino_xs.E004") == []
    with override_settings(LINO_X_THING_MODEL="x.Thing"):
        assert checks.swappable_setting_errors("lino_xs", defaults, "lino_xs.E004") == []
    with override_settings(LINO_X_THING_MODEL="y.Other"):
        [error] = checks.swappable_setting_errors("lino_xs", defaults, "lino_xs.E004")
    assert (error.id, error.msg, error.hint) == (
        "lino_xs.E004",
        "LINO_X_THING_MODEL must be 'x.Thing': the setting only makes your migrations depend "
        "on lino_xs' first migration; swapping the model is not supported.",
        "Remove LINO_X_THING_MODEL from your settings.",
    )


def test_installed_model_or_none():
    from django.contrib.contenttypes.models import ContentType

    from lino_core_model.utils import installed_model

    assert installed_model("contenttypes.ContentType") is ContentType
    assert installed_model("contenttypes.NoSuchModel") is None
    assert installed_model("nosuchapp.Model") is None
    assert installed_model("") is None
