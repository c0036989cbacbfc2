"""System checks of summary models."""

from __future__ import annotations

from demo_project.avanti.models import Client
from demo_project.contracts.models import UserStat
from lino_summaries.checks import check_summary_models


def test_demo_is_clean():
    assert check_summary_models() == []


def test_invalid_summary_period(monkeypatch):
    monkeypatch.setattr(UserStat, "summary_period", "daily")
    [error] = check_summary_models()
    assert error.id == "lino_summaries.E001"
    assert error.msg == "Invalid summary_period 'daily' for contracts.UserStat."


def test_delete_them_all_on_masters(monkeypatch):
    monkeypatch.setattr(Client, "delete_them_all", True)
    [error] = check_summary_models()
    assert error.id == "lino_summaries.E002"
