"""The layout holds: no import cycle between the modules of our six apps, and the
model behaviour never imports the Lino-style UI core.

Every import counts, those inside functions too (they run, later); imports under
``if TYPE_CHECKING:`` do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests import OUR_APPS

ROOT = Path(__file__).resolve().parent.parent

#: The model behaviour of lino_core_model: it works on rows and querysets.
BEHAVIOUR = {
    "changes", "deletion", "duplicate", "inheritance", "inject", "locks", "lookup", "merge",
    "options", "references", "search", "_id_lookups", "_search_index", "_values",
}
#: The Lino-style UI core: actions, choicelists, tables, their requests and renderers.
UI_CORE = {
    "actions", "choicelists", "fields", "render", "roles", "tables", "workflows", "_hooks",
    "_render_html", "_render_text", "_requests", "_row_html", "admin", "api",
}


def module_files() -> dict[str, Path]:
    found = {}
    for app in OUR_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run (not those under ``if TYPE_CHECKING:``)."""
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return found


def imported(module: str, path: Path, node: ast.Import | ast.ImportFrom, known) -> set[str]:
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, *([node.module] if node.module else [])])
        targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return {t for t in targets if t in known and t != module}


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    return {
        module: set().union(
            *(imported(module, path, node, files) for node in
              runtime_imports(ast.parse(path.read_text())))
        )
        for module, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports():
    graph = import_graph()
    assert "lino_core_model.deletion" in graph["lino_core_model.models"]
    assert "lino_core_model.options" in graph["lino_core_model.search"]


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_behaviour_never_imports_the_ui_core():
    graph = import_graph()
    core = "lino_core_model."
    problems = [
        f"{module} imports {other}"
        for module in sorted(graph)
        if module.removeprefix(core) in BEHAVIOUR
        for other in sorted(graph[module])
        if other.startswith(core) and other.removeprefix(core).split(".")[0] in UI_CORE
    ]
    assert problems == []
