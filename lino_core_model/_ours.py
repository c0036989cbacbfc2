"""Our base classes, for the behaviour modules that ask "is this model ours?".

``lino_core_model.models`` imports those modules, so they cannot import it back
(no import cycle, ``tests/test_layout.py``): ``models`` registers its ``Model`` and
``QuerySet`` here when it is imported, which Django does for every installed app
before any row is read or written.
"""

from __future__ import annotations

__all__: list[str] = []

_BASES: dict[str, type] = {}


def register(**bases: type) -> None:
    """Called once by ``lino_core_model.models``."""
    _BASES.update(bases)


def our_model() -> type:
    """``lino_core_model.models.Model``."""
    return _BASES["Model"]


def our_queryset() -> type:
    """``lino_core_model.models.QuerySet``."""
    return _BASES["QuerySet"]
