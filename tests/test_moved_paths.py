"""Public paths stay: what 0.1.0 and the main before the layout move offered still
imports, a moved path with exactly one warning naming its new path.

``tests/data/public_names_0_1.json`` holds the ``__all__`` of every module of our
six apps in 0.1.0 and in the main of 2026-11-30 (read from their sources; the Lino
plugin modules, which need Lino, are left out).
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from pathlib import Path

import pytest

from lino_core_model.deprecation import MOVED_MODULES, RemovedInLinoApps04Warning

OLD_NAMES: dict[str, list[str]] = json.loads(
    (Path(__file__).parent / "data" / "public_names_0_1.json").read_text()
)
#: Moved paths that are packages of moved modules (they warn through those).
PACKAGES = {old for old in MOVED_MODULES if any(o.startswith(old + ".") for o in MOVED_MODULES)}


def import_afresh(module: str):
    """Import ``module`` as a first import would (a stand-in warns when it is created)."""
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        if getattr(sys.modules[name], "__lino_moved_to__", None):
            del sys.modules[name]
    return importlib.import_module(module)


@pytest.mark.parametrize("old", sorted(set(MOVED_MODULES) - PACKAGES))
def test_a_moved_path_warns_once_naming_the_new_one(old):
    with pytest.warns(RemovedInLinoApps04Warning) as caught:
        import_afresh(old)
    assert len(caught) == 1
    assert f"import from {MOVED_MODULES[old]}" in str(caught[0].message)
    assert caught[0].filename == __file__  # points at the importing code


@pytest.mark.parametrize("module", sorted(OLD_NAMES))
def test_old_public_names_still_import(module):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        imported = import_afresh(module)
        missing = [name for name in OLD_NAMES[module] if not hasattr(imported, name)]
    assert missing == []
    assert all(issubclass(w.category, RemovedInLinoApps04Warning) for w in caught)
    if module not in MOVED_MODULES:
        moved = {str(w.message).split(" is deprecated")[0] for w in caught}
        assert moved <= {f"{module}.{name}" for name in OLD_NAMES[module]}


def test_a_moved_name_warns_once():
    with pytest.warns(RemovedInLinoApps04Warning, match="import from lino_core_model.actions"):
        from lino_core_model.merge import Merge
    from lino_core_model.actions import Merge as new

    assert Merge is new


def test_a_migration_of_0_1_names_its_paths():
    """A migration made with 0.1.0 named ``lino_core_model.choicelists.ChoiceListField``
    and ``lino_core_model.search_index.QuickSearchIndex``: both still import."""
    source = (
        "import lino_core_model.choicelists\n"
        "import lino_core_model.search_index\n"
        "fields = [lino_core_model.choicelists.ChoiceListField,"
        " lino_core_model.search_index.QuickSearchIndex]\n"
    )
    sys.modules.pop("lino_core_model.search_index", None)  # a first import: it warns
    with pytest.warns(RemovedInLinoApps04Warning):
        namespace: dict = {}
        exec(compile(source, "0001_initial.py", "exec"), namespace)
    from lino_core_model.models import ChoiceListField, QuickSearchIndex

    assert namespace["fields"] == [ChoiceListField, QuickSearchIndex]


def test_discovery_skips_the_moved_paths():
    """``lino_core_model.checkers`` (moved) is no checkers module of lino_core_model."""
    from lino_checkdata.checkers import get_checkers

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert get_checkers()


@pytest.mark.django_db
def test_the_removed_veto_functions_warn_and_answer_as_the_plan():
    from demo_project.contacts.models import Person
    from lino_core_model.deletion import DeletePlan, veto_for, veto_for_queryset

    person = Person.objects.get(pk=203)  # ARENS Andreas: a contact person refers to him
    with pytest.warns(RemovedInLinoApps04Warning, match="DeletePlan"):
        assert veto_for(person) == DeletePlan.for_row(person, hook=False).veto
    with pytest.warns(RemovedInLinoApps04Warning, match="DeletePlan"):
        rows = Person.objects.filter(pk=203)
        assert veto_for_queryset(rows) == DeletePlan(rows).veto is not None
