"""Data checkers: registry, check_data, the checkdata command (lino_checkdata.checkers)."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from demo_project.contacts.checkers import PartnerNameChecker
from demo_project.contacts.models import Company, Country, Partner, Person
from lino_checkdata import checkers
from lino_checkdata.checkers import (
    Checker,
    CheckResult,
    Problem,
    check_data,
    get_checker,
    get_checkers,
    problems_found,
    register,
    unregister,
)
from lino_core_model.models import Model


class Quiet(Checker):
    """Finds nothing: measures the cost of the iteration alone."""

    model = "contacts.Partner"

    def get_checkdata_problems(self, ar, obj, fix=False):
        return []


class Chunked(Quiet):
    def get_queryset(self, model):
        return super().get_queryset(model).filter(name__startswith="chunk-")


@pytest.fixture
def only_demo_checker(monkeypatch):
    """A registry holding only the demo checker (other apps' checkers stay out)."""
    monkeypatch.setattr(checkers, "_registry", {PartnerNameChecker: PartnerNameChecker()})
    monkeypatch.setattr(checkers, "_discovered", True)


@pytest.fixture
def partners(db):
    return {
        "ok": Partner.objects.create(name="Alpha"),
        "spaces": Partner.objects.create(name="  Beta "),
        "empty": Partner.objects.create(name=""),
    }


# -- registry -----------------------------------------------------------------


def test_value_is_app_label_and_class_name():
    assert PartnerNameChecker().value == "contacts.PartnerNameChecker"
    assert str(PartnerNameChecker()) == "Check partner names"


def test_value_outside_an_app_uses_the_package_name():
    # "checkdata" of tests.checkdata (this module), no installed app.
    assert Quiet().value == "checkdata.Quiet"
    assert str(Quiet()) == "checkdata.Quiet"  # no verbose_name


def test_value_can_be_set_explicitly():
    class Named(Quiet):
        value = "demo.Named"

    assert Named().value == "demo.Named"


def test_checkers_modules_are_discovered_lazily(monkeypatch):
    monkeypatch.setattr(checkers, "_registry", {})
    monkeypatch.setattr(checkers, "_discovered", False)
    monkeypatch.delitem(sys.modules, "demo_project.contacts.checkers", raising=False)
    values = [c.value for c in get_checkers()]
    assert "contacts.PartnerNameChecker" in values
    assert checkers._discovered


def test_checkers_modules_are_not_imported_at_startup():
    code = (
        "import sys, django; django.setup(); print('demo_project.contacts.checkers' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "demo_project.settings", "PATH": ""},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "False"


def test_register_and_get_checker(only_demo_checker):
    assert register(Quiet) is Quiet
    try:
        values = [c.value for c in get_checkers()]
        assert values == ["contacts.PartnerNameChecker", "checkdata.Quiet"]
        assert isinstance(get_checker("checkdata.Quiet"), Quiet)
    finally:
        unregister(Quiet)
    with pytest.raises(LookupError, match="No checker 'checkdata.Quiet'"):
        get_checker("checkdata.Quiet")


def test_unknown_checker_lists_the_known_ones(only_demo_checker):
    with pytest.raises(LookupError) as exc:
        get_checker("contacts.Nope")
    assert str(exc.value) == (
        "No checker 'contacts.Nope'. Registered checkers are: contacts.PartnerNameChecker"
    )


def test_register_refuses_non_checkers():
    with pytest.raises(TypeError, match="is not a Checker subclass"):
        register(Partner)


def test_two_checkers_with_one_value_are_refused(only_demo_checker):
    class PartnerNameChecker(Quiet):  # same name, so same value, in another module
        value = "contacts.PartnerNameChecker"

    register(PartnerNameChecker)
    with pytest.raises(ImproperlyConfigured, match="Two checkers have the value"):
        get_checkers()


# -- models and rows ----------------------------------------------------------


def test_checkable_models_from_class_label_or_abstract_base():
    class ByClass(Quiet):
        model = Country

    class ByBase(Quiet):
        model = Model

    assert Quiet().get_checkable_models() == [Partner]
    assert ByClass().get_checkable_models() == [Country]
    found = ByBase().get_checkable_models()
    assert Partner in found and Country in found
    # MTI children are checked through their parent, not a second time:
    assert Person not in found and Company not in found


def test_checkable_models_errors():
    class NoModel(Quiet):
        model = None

    class BadLabel(Quiet):
        model = "contacts.Nobody"

    with pytest.raises(ImproperlyConfigured, match="Checker checkdata.NoModel has no model."):
        NoModel().get_checkable_models()
    with pytest.raises(ImproperlyConfigured, match="invalid model 'contacts.Nobody'"):
        BadLabel().get_checkable_models()


def test_check_instance_reports_and_fixes(partners):
    checker = PartnerNameChecker()
    obj = partners["spaces"]
    (problem,) = checker.check_instance(obj)
    assert (problem.message, problem.fixable, problem.fixed) == (
        "Name has leading or trailing spaces.",
        True,
        False,
    )
    assert problem.checker is checker and problem.obj is obj
    obj.refresh_from_db()
    assert obj.name == "  Beta "  # not fixed without fix=True

    (problem,) = checker.check_instance(obj, fix=True)
    assert problem.fixed
    obj.refresh_from_db()
    assert obj.name == "Beta"
    assert checker.check_instance(obj) == []

    (problem,) = checker.check_instance(partners["empty"], fix=True)
    assert (str(problem), problem.fixable, problem.fixed) == ("Name is empty.", False, False)


def test_problems_found_signal_is_sent_for_each_checked_row(partners):
    received = []

    mine = {p.pk for p in partners.values()}

    def receiver(sender, checker, obj, problems, fix, **kwargs):
        received.append((sender, obj.name, [p.message for p in problems], fix))
        if obj.pk not in mine:
            assert problems == []  # the demo data has no problems

    problems_found.connect(receiver)
    try:
        check_data(checkers=[PartnerNameChecker])
    finally:
        problems_found.disconnect(receiver)
    assert len(received) == Partner.objects.count()
    received = [r for r in received if r[1] in ("", "  Beta ", "Alpha")]
    assert sorted(received, key=lambda r: r[1]) == [
        (PartnerNameChecker, "", ["Name is empty."], False),
        (PartnerNameChecker, "  Beta ", ["Name has leading or trailing spaces."], False),
        (PartnerNameChecker, "Alpha", [], False),
    ]


def test_check_data_counts(partners):
    Person.objects.create(first_name="Jo", last_name="Doe")  # checked once, as a Partner
    seen: list[Problem] = []
    result = check_data(checkers=["contacts.PartnerNameChecker"], on_problem=seen.append)
    assert isinstance(result, CheckResult)
    count = result.by_checker["contacts.PartnerNameChecker"]
    rows = Partner.objects.count()
    assert (count.rows, count.problems, count.fixed) == (rows, 2, 0)
    assert (result.rows, result.problems, result.fixed) == (rows, 2, 0)
    assert result.problem_rows == {
        ("contacts.Partner", partners["spaces"].pk),
        ("contacts.Partner", partners["empty"].pk),
    }
    assert sorted(p.message for p in seen) == [
        "Name has leading or trailing spaces.",
        "Name is empty.",
    ]
    assert result.summary() == "Found 2 problems in 2 rows, fixed 0."


def test_check_data_fix(partners):
    result = check_data(checkers=[PartnerNameChecker], fix=True)
    assert (result.problems, result.fixed) == (2, 1)
    assert result.summary() == "Found 2 problems in 2 rows, fixed 1."
    mine = Partner.objects.filter(pk__in=[p.pk for p in partners.values()])
    assert sorted(mine.values_list("name", flat=True)) == ["", "Alpha", "Beta"]


def test_check_data_narrowed_to_models(partners):
    assert check_data(models=["contacts.Country"], checkers=[PartnerNameChecker]).rows == 0
    rows = Partner.objects.count()
    assert check_data(models=[Partner], checkers=[PartnerNameChecker]).rows == rows


def test_get_queryset_narrows_the_rows(partners):
    class OnlyMine(PartnerNameChecker):
        def get_queryset(self, model):
            return super().get_queryset(model).filter(pk__in=[partners["ok"].pk])

    result = check_data(checkers=[OnlyMine])
    assert (result.rows, result.problems) == (1, 0)


def test_rows_are_read_in_chunks(db, django_assert_num_queries):
    Partner.objects.bulk_create(Partner(name=f"chunk-{i:03}") for i in range(250))
    with django_assert_num_queries(3) as ctx:  # 100 + 100 + 50 rows, no query per row
        result = check_data(checkers=[Chunked], chunk_size=100)
    assert result.rows == 250
    assert all("LIMIT 100" in q["sql"] for q in ctx.captured_queries)


def test_chunk_size_stays_bounded_for_many_rows(db, django_assert_max_num_queries):
    Partner.objects.bulk_create(Partner(name=f"chunk-{i:04}") for i in range(2500))
    with django_assert_max_num_queries(3):  # default chunks of 1000 rows
        assert check_data(checkers=[Chunked]).rows == 2500


def test_each_fix_is_atomic(partners):
    class Breaking(Checker):
        """Fixes the name, then fails on the second row."""

        model = "contacts.Partner"

        def get_checkdata_problems(self, ar, obj, fix=False):
            if fix:
                obj.name = obj.name + "!"
                obj.save()
                if obj.name == "  Beta !":
                    raise RuntimeError("broken")
            yield True, "fixed"

    with pytest.raises(RuntimeError, match="broken"):
        check_data(checkers=[Breaking], fix=True, models=[Partner])
    names = dict(Partner.objects.values_list("pk", "name"))
    assert names[partners["ok"].pk] == "Alpha!"  # the row before was fixed and kept
    assert names[partners["spaces"].pk] == "  Beta "  # rolled back
    assert names[partners["empty"].pk] == ""  # never reached


# -- the command --------------------------------------------------------------


def run_checkdata(*args):
    out = StringIO()
    call_command("checkdata", *args, stdout=out)
    return out.getvalue().splitlines()


def test_command_reports(partners, only_demo_checker):
    spaces, empty = partners["spaces"], partners["empty"]
    assert sorted(run_checkdata()) == sorted(
        [
            f"contacts.PartnerNameChecker contacts.Partner #{spaces.pk} (  Beta ): "
            "(fixable) Name has leading or trailing spaces.",
            f"contacts.PartnerNameChecker contacts.Partner #{empty.pk} (): Name is empty.",
            "Found 2 problems in 2 rows, fixed 0.",
        ]
    )
    spaces.refresh_from_db()
    assert spaces.name == "  Beta "


def test_command_fixes(partners, only_demo_checker):
    spaces = partners["spaces"]
    lines = run_checkdata("--fix")
    assert (
        f"contacts.PartnerNameChecker contacts.Partner #{spaces.pk} (Beta): "
        "(fixed) Name has leading or trailing spaces."
    ) in lines
    assert lines[-1] == "Found 2 problems in 2 rows, fixed 1."
    spaces.refresh_from_db()
    assert spaces.name == "Beta"
    assert run_checkdata()[-1] == "Found 1 problems in 1 rows, fixed 0."


def test_command_arguments(partners, only_demo_checker):
    assert run_checkdata("contacts.Partner")[-1] == "Found 2 problems in 2 rows, fixed 0."
    assert run_checkdata("contacts.partner")[-1] == "Found 2 problems in 2 rows, fixed 0."
    assert run_checkdata("contacts.PartnerNameChecker")[-1] == (
        "Found 2 problems in 2 rows, fixed 0."
    )


@pytest.mark.parametrize("name", ["contacts.Country", "foo.Bar", "nonsense"])
def test_command_unknown_names(name, only_demo_checker, db):
    with pytest.raises(CommandError) as exc:
        run_checkdata(name)
    assert str(exc.value) == (
        f"Unknown model or checker '{name}'. "
        "Valid values are: contacts.Partner, contacts.PartnerNameChecker"
    )


def test_command_uses_the_discovered_checkers(db):
    with pytest.raises(CommandError, match="Valid values are: .*contacts.PartnerNameChecker"):
        run_checkdata("nonsense")
    assert run_checkdata("contacts.PartnerNameChecker") == ["Found 0 problems in 0 rows, fixed 0."]
