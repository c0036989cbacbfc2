"""Every ``__str__`` of ours survives a row with no field set (issue 22, N4).

The admin logs and shows a row by its ``str()`` before or after a save that may
fail (e.g. an addition whose period is empty); a ``__str__`` that reads a
missing foreign key or formats ``None`` as a number must not answer 500.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from tests import OUR_APPS

OUR_PACKAGES = (*OUR_APPS, "demo_project")


def our_models() -> list[type]:
    return [m for m in apps.get_models() if m.__module__.split(".")[0] in OUR_PACKAGES]


def test_our_models_are_found():
    labels = {m._meta.label for m in our_models()}
    assert {"contracts.UserStat", "notes.Note", "gfks.HelpText"} <= labels
    assert {m.__module__.split(".")[0] for m in our_models()} >= set(OUR_PACKAGES) - {
        "lino_core_model", "lino_summaries"
    }


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
def test_str_of_an_empty_unsaved_row(model):
    assert isinstance(str(model()), str)


def test_str_of_a_user_statistic_without_period():
    """The row the admin logged when an office user added one by hand (N4)."""
    from django.contrib.auth import get_user_model

    from demo_project.contracts.models import UserStat

    robin = get_user_model()(username="robin")
    assert str(UserStat(master=robin)) == "robin -"
    assert str(UserStat(master=robin, year=2024, month=5)) == "robin 2024-05"
