"""ClientCoachingsChecker: coached and obsolete; not coached with active coachings."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from demo_project.avanti.models import Client
from lino_checkdata.checkers import check_data, get_checker
from lino_coachings.checkers import ClientCoachingsChecker
from lino_coachings.models import Coaching

pytestmark = pytest.mark.django_db


def _problems():
    found = []
    check_data(checkers=["coachings.ClientCoachingsChecker"],
               on_problem=lambda p: found.append((p.obj.pk, str(p), p.fixable)))
    return found


def test_registered_with_checkdata():
    assert isinstance(get_checker("coachings.ClientCoachingsChecker"), ClientCoachingsChecker)


def test_the_demo_has_no_problem():
    assert _problems() == []


def test_not_coached_but_with_active_coachings(capsys):
    Coaching.objects.filter(client_id=135).update(end_date=None, ending=None)
    assert _problems() == [(135, "Not coached, but with active coachings.", False)]
    call_command("checkdata", "coachings.ClientCoachingsChecker")
    assert "Not coached, but with active coachings." in capsys.readouterr().out


def test_both_coached_and_obsolete(monkeypatch):
    monkeypatch.setattr(Client, "is_obsolete", property(lambda self: self.pk == 159))
    assert _problems() == [(159, "Both coached and obsolete.", False)]


def test_one_query_for_all_clients(django_assert_num_queries):
    checker = get_checker("coachings.ClientCoachingsChecker")
    with django_assert_num_queries(1):
        for client in checker.get_queryset(Client):
            list(checker.get_checkdata_problems(None, client))


def test_responsible_user_is_the_primary_coach(users):
    checker = get_checker("coachings.ClientCoachingsChecker")
    assert checker.get_responsible_user(Client.objects.get(pk=120)) == users["rolf"]
