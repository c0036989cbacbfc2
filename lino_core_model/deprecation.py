"""Public paths that moved keep importing, with a warning, for two minor releases.

A module path that moved is answered by a stand-in module (:func:`moved_modules`):
importing it gives one :class:`RemovedInLinoApps04Warning` naming the new path,
and its names are those of the new module. A name that moved to another module
is answered by the old module's ``__getattr__`` (:func:`moved_names`). The moves
are listed in :data:`MOVED_MODULES` (``docs/reference/api.rst`` lists the front
doors; the CHANGELOG says when each path moved).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any

__all__ = [
    "MOVED_MODULES",
    "RemovedInLinoApps04Warning",
    "is_moved",
    "moved_modules",
    "moved_names",
]


class RemovedInLinoApps04Warning(DeprecationWarning):
    """A path or name that lino-apps 0.4 will no longer offer."""


_C = "lino_core_model"
_BEHAVIOUR = ("analysis", "changes", "deletion", "duplicate", "inheritance", "inject", "locks",
              "lookup", "merge", "options", "references", "search")
_UI = ("actions", "choicelists", "fields", "roles", "tables", "workflows")
_ADMIN = ("delete", "duplicate", "hooks", "merge", "options", "panels", "rowactions", "search",
          "tools")

#: ``old path: new path`` of every module path of our six apps that 0.1.0 or a later
#: main offered and that moved. The new path is a front door, never a private module.
MOVED_MODULES: dict[str, str] = {
    # 0.1.0 (modules renamed or moved to another app)
    f"{_C}.checkers": "lino_checkdata.checkers",
    f"{_C}.html": f"{_C}.render",
    f"{_C}.lookups": f"{_C}.lookup",
    f"{_C}.requests": f"{_C}.actions",
    f"{_C}.search_index": f"{_C}.search",
    f"{_C}.statechange": f"{_C}.workflows",
    f"{_C}.summary": f"{_C}.render",
    f"{_C}.ui": f"{_C}.models",
    f"{_C}.values": f"{_C}.duplicate",
    "lino_gfks.problems": "lino_checkdata.problems",
    # internals of the other apps, private since the layout of 2026-12
    "lino_gfks.deletion": "lino_gfks.mixins",
    "lino_gfks.references": "lino_gfks.mixins",
    "lino_gfks.forms": "lino_gfks.admin",
    "lino_summaries.merging": "lino_summaries.mixins",
    "lino_summaries.progress": "lino_summaries.mixins",
    "lino_summaries.rows": "lino_summaries.mixins",
    "lino_summaries.check": "lino_summaries.recompute",
    # the behaviour/ and ui/ packages of the 2026-11-30 main
    f"{_C}.behaviour": _C,
    **{f"{_C}.behaviour.{name}": f"{_C}.{name}" for name in _BEHAVIOUR},
    f"{_C}.behaviour.id_lookups": f"{_C}.lookup",
    f"{_C}.behaviour.search_index": f"{_C}.search",
    f"{_C}.behaviour.statechange": f"{_C}.workflows",
    f"{_C}.behaviour.values": f"{_C}.duplicate",
    **{f"{_C}.ui.{name}": f"{_C}.{name}" for name in _UI},
    f"{_C}.ui.hooks": f"{_C}.models",
    f"{_C}.ui.render_html": f"{_C}.render",
    f"{_C}.ui.render_text": f"{_C}.render",
    f"{_C}.ui.requests": f"{_C}.actions",
    f"{_C}.ui.row_html": f"{_C}.render",
    **{f"{_C}.admin.{name}": f"{_C}.admin" for name in _ADMIN},
}

#: The private module behind a moved path, for names the front door does not export
#: (a stand-in answers them too, so that code written against the old path runs).
_IMPLEMENTATION = {
    f"{_C}.lookups": f"{_C}._id_lookups",
    f"{_C}.behaviour.id_lookups": f"{_C}._id_lookups",
    f"{_C}.values": f"{_C}._values",
    f"{_C}.behaviour.values": f"{_C}._values",
    f"{_C}.search_index": f"{_C}._search_index",
    f"{_C}.behaviour.search_index": f"{_C}._search_index",
    f"{_C}.ui": f"{_C}._hooks",
    f"{_C}.ui.hooks": f"{_C}._hooks",
    f"{_C}.ui.requests": f"{_C}._requests",
    f"{_C}.requests": f"{_C}._requests",
    **{f"{_C}.admin.{name}": f"{_C}.admin._{name}" for name in _ADMIN},
    **{f"lino_gfks.{name}": f"lino_gfks._{name}" for name in ("deletion", "references", "forms")},
    **{f"lino_summaries.{name}": f"lino_summaries._{name}"
       for name in ("merging", "progress", "rows")},
}


def _warn(old: str, new: str) -> None:
    """Warn that ``old`` moved to ``new``, pointing at the code that names ``old``."""
    # Past this module and importlib; ``warnings.warn`` does not count importlib's
    # bootstrap frames itself, only ``import_module``'s.
    frame, level = sys._getframe(1), 2
    while frame is not None:
        filename = frame.f_code.co_filename
        bootstrap = "importlib" in filename and "_bootstrap" in filename
        ours = filename == __file__ or frame.f_globals.get("__name__") == "importlib"
        if not (bootstrap or ours):
            break
        level += ours
        frame = frame.f_back
    warnings.warn(
        f"{old} is deprecated and will be removed in lino-apps 0.4: import from {new}.",
        RemovedInLinoApps04Warning,
        stacklevel=level,
    )


class _StandIn(types.ModuleType):
    """The module at a moved path: the names of its new module (and implementation)."""

    def __init__(self, old: str, new: str, sources: tuple[str, ...]):
        super().__init__(old, f"Moved to {new}.")
        self.__lino_moved_to__ = new
        self.__lino_sources__ = sources
        self.__path__: list[str] = []  # a package: ``behaviour.deletion`` below ``behaviour``

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        for source in self.__lino_sources__:
            module = importlib.import_module(source)
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the stand-ins of :data:`MOVED_MODULES` (only there: after the path finder)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None):
        if fullname not in MOVED_MODULES:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        new = MOVED_MODULES[spec.name]
        sources = (new, *filter(None, [_IMPLEMENTATION.get(spec.name)]))
        return _StandIn(spec.name, new, sources)

    def exec_module(self, module: types.ModuleType) -> None:
        if any(name.startswith(module.__name__ + ".") for name in MOVED_MODULES):
            return  # a package of moved modules: the modules below it warn
        _warn(module.__name__, module.__lino_moved_to__)


_FINDER = _MovedFinder()


def moved_modules() -> None:
    """Answer the moved paths (from ``lino_core_model/__init__.py``: once, idempotent)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)


def is_moved(module: str) -> bool:
    """Whether ``module`` is a moved path (a discovery of per-app modules skips it)."""
    return module in MOVED_MODULES


def moved_names(module: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving each of ``names`` (``name: new module``) with a warning."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        _warn(f"{module}.{name}", f"{names[name]}.{name}")
        return getattr(importlib.import_module(names[name]), name)

    return __getattr__
