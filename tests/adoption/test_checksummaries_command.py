"""``checksummaries``: bad options are CommandErrors, a run ends with one line."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from demo_project.avanti.models import Client
from demo_project.contracts.models import UserStat
from demo_project.users.models import User

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("checksummaries", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("size", ["0", "-1"])
@pytest.mark.parametrize("enqueue", [[], ["--enqueue"]])
def test_chunk_size_must_be_positive(size, enqueue):
    with pytest.raises(CommandError, match="--chunk-size must be a positive number"):
        run("--chunk-size", size, *enqueue)


@pytest.mark.parametrize(
    "master, message",
    [
        ("abc", "--master 'abc' is no valid id of"),
        ("1" * 30, "--master '" + "1" * 30 + "'"),
        ("999999", "--master '999999': no master has this id."),
    ],
)
def test_master_must_be_an_existing_id(master, message):
    with pytest.raises(CommandError, match=message):
        run("--master", master)
    with pytest.raises(CommandError, match=message):
        run("avanti.Client", "--master", master)


def test_a_run_ends_with_one_line():
    text = run()
    rows = Client.objects.count() + UserStat.objects.count()
    assert text.startswith(f"Updated 2 summary models ({rows} rows) in ")
    assert text.endswith(" seconds.\n") and text.count("\n") == 1
    robin = User.objects.get(username="robin")
    text = run("contracts.UserStat", "--master", str(robin.pk))
    rows = UserStat.objects.filter(master=robin).count()
    assert text.startswith(f"Updated 1 summary model ({rows} rows) in ")
    assert run("-v0") == ""


def test_enqueue_without_tasks_framework_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "lino_summaries.tasks", None)  # import fails
    with pytest.raises(CommandError, match=r"the 'tasks' extra \(pip install"):
        run("--enqueue")


def test_enqueue_on_an_unknown_backend():
    with override_settings(LINO_SUMMARIES_TASK_BACKEND="nosuch"):
        with pytest.raises(CommandError, match="LINO_SUMMARIES_TASK_BACKEND \\('nosuch'\\)"):
            run("--enqueue")
