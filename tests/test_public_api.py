"""Each module of our apps declares its public names in ``__all__``; migrations and
apps use only public names: a module path without a leading underscore and, in our
apps, a name listed in the module's ``__all__``.

A migration is kept for ever in every project that uses our apps: a class it
names (a base such as ``lino_core_model.models.UIHooks``, a field, an operation)
must stay importable there, so it must be part of the declared public API.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db.migrations.state import ModelState
from django.db.migrations.writer import MigrationWriter

from tests import OUR_APPS

ROOT = Path(__file__).resolve().parent.parent
#: The apps each app may import from (docs/guide/apps.rst): one way, never back.
#: lino_coachings imports lino_checkdata in its ``checkers`` module only, which
#: lino_checkdata imports when it runs the checkers.
ALLOWED_IMPORTS = {
    "lino_core_model": set(),
    "lino_gfks": {"lino_core_model"},
    "lino_checkdata": {"lino_core_model", "lino_gfks"},
    "lino_summaries": {"lino_core_model"},
    "lino_clients": {"lino_core_model"},
    "lino_coachings": {"lino_core_model", "lino_clients", "lino_checkdata"},
}
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
    if module.split(".")[0] in OUR_APPS and name not in declared_api(module):
        return f"not in {module}.__all__"
    return None


def declared_api(module: str) -> list[str]:
    """The ``__all__`` of ``module``, read from its source (a module for Lino sites
    cannot be imported here)."""
    tree = ast.parse(Path(importlib.util.find_spec(module).origin).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    return []


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


def cross_app_imports() -> list[tuple[Path, str, str]]:
    """``(file, module, name)`` of every import of one of our apps from another."""
    found = []
    for app in OUR_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    root = node.module.split(".")[0]
                    if root in OUR_APPS and root != app:
                        found += [(path, node.module, alias.name) for alias in node.names]
                elif isinstance(node, ast.Import):
                    found += [
                        (path, alias.name.rpartition(".")[0], alias.name.rpartition(".")[2])
                        for alias in node.names
                        if alias.name.split(".")[0] in OUR_APPS
                        and alias.name.split(".")[0] != app
                        and "." in alias.name
                    ]
    assert len(found) > 20  # the scan finds the imports
    return found


def is_submodule(package: str, name: str) -> bool:
    spec = importlib.util.find_spec(package)
    return spec.submodule_search_locations is not None and bool(
        importlib.util.find_spec(f"{package}.{name}")
    )


def test_apps_use_only_each_others_public_names():
    """Each app imports from another only names that one declares in ``__all__``
    (a module imported whole must be a public module: no leading underscore)."""
    problems = []
    for path, module, name in cross_app_imports():
        if is_submodule(module, name):
            why = "a private module" if name.startswith("_") else None
        else:
            why = non_public(module, name)
        if why:
            problems.append(f"{path.relative_to(ROOT)}: {module}.{name}: {why}")
    assert problems == []


def test_apps_depend_one_way():
    """No app imports one that builds on it (lino_gfks never imports lino_checkdata)."""
    wrong = {
        f"{path.relative_to(ROOT)}: {module}"
        for path, module, _ in cross_app_imports()
        if module.split(".")[0] not in ALLOWED_IMPORTS[path.relative_to(ROOT).parts[0]]
    }
    assert wrong == set()


def test_coachings_imports_checkdata_in_its_checkers_only():
    modules = {
        path.relative_to(ROOT).as_posix()
        for path, module, _ in cross_app_imports()
        if path.is_relative_to(ROOT / "lino_coachings") and module.startswith("lino_checkdata")
    }
    assert modules == {"lino_coachings/checkers.py"}


#: Modules for Lino sites: they import Lino, which this environment may lack.
LINO_ONLY = {"lino_plugin.py", "lino_adapter.py"}


def api_modules() -> list[Path]:
    """Every module of our apps but migrations, management commands and ``apps.py``."""
    files = [
        path
        for app in OUR_APPS
        for path in (ROOT / app).rglob("*.py")
        if not {"migrations", "management"} & set(path.relative_to(ROOT).parts)
        and path.name != "apps.py"
    ]
    assert len(files) > 70  # the scan finds our modules
    return sorted(files)


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def top_level_names(tree: ast.Module) -> set[str]:
    """The names a module binds at its top level (classes, functions, assignments, imports)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def public_api(path: Path) -> tuple[list[str] | None, set[str]]:
    """The ``__all__`` of the module at ``path`` (None when it has none) and the names
    the module defines. A module for Lino sites is read from its source, not imported."""
    if path.name in LINO_ONLY:
        tree = ast.parse(path.read_text())
        if "__all__" not in top_level_names(tree):
            return None, set()
        return declared_api(module_name(path)), top_level_names(tree)
    module = importlib.import_module(module_name(path))
    return vars(module).get("__all__"), {n for n in dir(module) if hasattr(module, n)}


@pytest.mark.parametrize("path", api_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_declares_its_public_names(path: Path):
    """``__all__`` lists names the module has, none private (``_``, the gettext alias
    that ``dd`` re-exports as Lino's does, aside)."""
    names, defined = public_api(path)
    assert names is not None, "no __all__"
    assert [n for n in names if n not in defined] == []
    assert [n for n in names if n.startswith("_") and n != "_"] == []
    assert len(set(names)) == len(names)


IMPORT_LINE = re.compile(
    r"^\s*(?:>>>|\.\.\.)?\s*(from\s+[\w.]+\s+import\s+[^#\n]+|import\s+[\w., ]+)"
)


def documented_imports() -> list[tuple[str, str, str]]:
    """``(file, module, name)`` of every import of our apps in the docs (their code
    lines), the example project and the demo."""
    found = []
    sources = [*(ROOT / "docs").rglob("*.rst"), *(ROOT / "example_project").rglob("*.py"),
               *(ROOT / "demo_project").rglob("*.py"), ROOT / "README.md"]
    for path in sorted(sources):
        if "migrations" in path.parts:
            continue
        for line in path.read_text().splitlines():
            match = IMPORT_LINE.match(line)
            if not match:
                continue
            try:
                tree = ast.parse(match.group(1).strip().rstrip("\\("))
            except SyntaxError:
                continue
            for module, name in dotted_imports(tree):
                if module.split(".")[0] in OUR_APPS:
                    found.append((str(path.relative_to(ROOT)), module, name))
    assert len(found) > 50  # the scan finds the imports
    return found


def dotted_imports(tree: ast.AST) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
    return found


def test_docs_and_projects_import_only_front_doors():
    """The tutorial, the how-tos, the specs, the example project and the demo import
    our public names at their front doors: no private module, no moved path."""
    from lino_core_model.deprecation import MOVED_MODULES

    problems = []
    for path, module, name in documented_imports():
        if ".management.commands." in module:
            continue  # a command's ``Command``: Django's path for it
        if name == "*" or not name:
            target = module
        elif is_submodule(module, name):
            target = f"{module}.{name}"
        else:
            target = module
            if why := non_public(module, name):
                problems.append(f"{path}: {module}.{name}: {why}")
        if target in MOVED_MODULES or any(p.startswith("_") for p in target.split(".")):
            problems.append(f"{path}: {target}: a moved or private path")
    assert problems == []


def test_the_api_reference_lists_exactly_the_public_modules():
    """``docs/reference/api.rst`` documents every public module of the six apps and
    nothing else (not ``apps.py``, the Lino-only modules, commands or migrations)."""
    documented = set(re.findall(r"^\.\. automodule:: ([\w.]+)$",
                                (ROOT / "docs" / "reference" / "api.rst").read_text(), re.M))
    public = {
        module_name(path)
        for app in OUR_APPS
        for path in (ROOT / app).rglob("*.py")
        if not {"migrations", "management"} & set(path.relative_to(ROOT).parts)
        and path.name not in {"apps.py", *LINO_ONLY}
        and not any(part.startswith("_") for part in module_name(path).split("."))
    }
    assert documented == public
