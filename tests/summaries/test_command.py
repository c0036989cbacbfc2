"""``manage.py checksummaries``: model arguments, unknown names, --master, the progress bar."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from demo_project.avanti.models import Client
from demo_project.contracts.models import Contract, UserStat

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale():
    """A new contract and stale user stats: both summaries need a run."""
    Contract.objects.create(client_id=165, start_date=datetime.date(2024, 2, 1))
    UserStat.objects.update(notes=99)


def test_no_arguments_update_everything(stale):
    call_command("checksummaries", stdout=io.StringIO())
    assert Client.objects.get(pk=165).active_from == datetime.date(2024, 2, 1)
    assert not UserStat.objects.filter(notes=99).exists()


def test_model_arguments_update_only_those_models(stale):
    call_command("checksummaries", "contracts.UserStat", stdout=io.StringIO())
    assert Client.objects.get(pk=165).active_from is None
    assert not UserStat.objects.filter(notes=99).exists()
    call_command("checksummaries", "avanti.Client", stdout=io.StringIO())
    assert Client.objects.get(pk=165).active_from == datetime.date(2024, 2, 1)


def test_unknown_model_name_is_a_clear_error():
    with pytest.raises(CommandError) as info:
        call_command("checksummaries", "contracts.Nothing")
    assert str(info.value) == (
        "contracts.Nothing is not a summary model. "
        "Summary models are: avanti.Client, contracts.UserStat"
    )
    with pytest.raises(CommandError, match="notes.Note is not a summary model"):
        call_command("checksummaries", "notes.Note")


def test_master_option(stale):
    Contract.objects.create(client_id=135, start_date=datetime.date(2020, 2, 1))
    call_command("checksummaries", "avanti.Client", "--master", "135", stdout=io.StringIO())
    assert Client.objects.get(pk=135).active_from == datetime.date(2020, 2, 1)
    assert Client.objects.get(pk=165).active_from is None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(stale):
    out = io.StringIO()
    call_command("checksummaries", stdout=out)
    assert out.getvalue().startswith("Updated 2 summary models (")  # one line, no bar
    assert "\r" not in out.getvalue() and out.getvalue().count("\n") == 1
    out = Terminal()
    call_command("checksummaries", "--chunk-size", "2", stdout=out)
    text = out.getvalue()
    assert "\rClients [" in text and "5/5" in text and "/s ETA " in text
    assert "\rUser statistics [" in text and "2/5" in text
