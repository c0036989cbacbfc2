"""Migrations and apps use only public names: a module path without a leading
underscore and, in our apps, a name listed in the module's ``__all__``.

A migration is kept for ever in every project that uses our apps: a class it
names (a base such as ``lino_core_model.models.UIHooks``, a field, an operation)
must stay importable there, so it must be part of the declared public API.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db.migrations.state import ModelState
from django.db.migrations.writer import MigrationWriter

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = ("lino_core_model", "lino_gfks", "lino_summaries", "lino_clients", "lino_coachings")
CHECKED = (*OUR_APPS, "demo_project", "example_project")


def migration_files() -> list[Path]:
    files = [
        path
        for top in CHECKED
        for path in (ROOT / top).rglob("migrations/*.py")
        if path.name != "__init__.py"
    ]
    assert len(files) > 10  # the scan finds our migrations
    return sorted(files)


def dotted_names(tree: ast.AST) -> set[tuple[str, str]]:
    """``(module, name)`` of every ``module.name`` and ``from module import name``."""
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {(node.module, alias.name) for alias in node.names}
        elif isinstance(node, ast.Attribute):
            path = ast.unparse(node)
            module, _, name = path.rpartition(".")
            if module in modules:
                found.add((module, name))
    return found


def non_public(module: str, name: str) -> str | None:
    """Why ``module.name`` is not a public name of ours, or None."""
    if module.split(".")[0] not in CHECKED:
        return None  # Django's and the like
    if any(part.startswith("_") for part in [*module.split("."), name]):
        return "a private module or name"
    if module.split(".")[0] in OUR_APPS:
        public = getattr(importlib.import_module(module), "__all__", ())
        if name not in public:
            return f"not in {module}.__all__"
    return None


@pytest.mark.parametrize("path", migration_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_migrations_name_only_public_paths(path: Path):
    tree = ast.parse(path.read_text())
    problems = [
        f"{module}.{name}: {why}"
        for module, name in sorted(dotted_names(tree))
        if (why := non_public(module, name))
    ]
    assert problems == []


def test_generated_bases_name_only_public_paths():
    """What ``makemigrations`` writes as the bases of every installed model."""
    problems = []
    for model in apps.get_models():
        for base in ModelState.from_model(model).bases:
            _, imports = MigrationWriter.serialize(base)
            for line in imports:
                if line.startswith("import "):
                    module = line.removeprefix("import ")
                    name = MigrationWriter.serialize(base)[0].removeprefix(module + ".")
                    if why := non_public(module, name):
                        problems.append(f"{model._meta.label}: {module}.{name}: {why}")
    assert problems == []
