"""Data-checker problems are stored as Controllable rows owned by the checked row."""

from __future__ import annotations

import pytest

from demo_project.contacts.models import Partner, Person
from lino_checkdata import checkers
from lino_checkdata.checkers import Checker, check_data
from lino_checkdata.models import Problem
from lino_core_model.api import rt

pytestmark = pytest.mark.django_db


class NoEmail(Checker):
    model = "contacts.Partner"

    def get_queryset(self, model):
        return super().get_queryset(model).filter(name__startswith="Chk")

    def get_checkdata_problems(self, ar, obj, fix=False):
        if not obj.email:
            if fix:
                obj.email = "fixed@example.com"
                obj.save()
            yield True, "Partner has no e-mail address."


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(checkers, "_registry", {NoEmail: NoEmail()})
    monkeypatch.setattr(checkers, "_discovered", True)


def stored(obj) -> list[str]:
    return [p.message for p in Problem.owned_rows(obj)]


def test_problems_are_stored_and_cleared(registered):
    bad = Partner.objects.create(name="Chk bad")
    good = Partner.objects.create(name="Chk good", email="g@example.com")
    check_data(checkers=[NoEmail])
    assert stored(bad) == ["Partner has no e-mail address."]
    assert stored(good) == []
    problem = Problem.owned_rows(bad).get()
    assert problem.owner == bad and problem.fixable and problem.checker == NoEmail().value
    check_data(checkers=[NoEmail])  # a second run replaces, does not add
    assert stored(bad) == ["Partner has no e-mail address."]
    check_data(checkers=[NoEmail], fix=True)
    assert stored(bad) == []  # fixed problems are not stored


def test_unregistered_checkers_are_not_stored():
    bad = Partner.objects.create(name="Chk bad")
    check_data(checkers=[NoEmail])
    assert stored(bad) == []


def test_problems_go_with_their_owner(registered):
    person = Person.objects.create(name="Chk person", last_name="Gone")
    check_data(checkers=[NoEmail])
    assert Problem.objects.filter(owner_id=person.pk).count() == 1
    person.delete()
    assert not Problem.objects.filter(owner_id=person.pk).exists()


def test_problems_by_owner_table(registered, capsys):
    bad = Partner.objects.create(name="Chk bad")
    check_data(checkers=[NoEmail])
    rt.show(rt.models.checkdata.ProblemsByOwner, bad)
    assert "Partner has no e-mail address." in capsys.readouterr().out


def test_problem_requires_an_owner():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.create(checker="x.Y", message="m")


def test_problem_admin_page(robin):
    Problem.objects.create(owner=Partner.objects.get(pk=105), checker="x.Y", message="Odd name")
    response = robin.get("/admin/checkdata/problem/")
    assert response.status_code == 200
    assert "Odd name" in response.content.decode()
