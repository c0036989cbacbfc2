"""The multi-table-inheritance family of a model, as a graphviz directive."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str


def mti_children(model: type[models.Model]) -> list[type[models.Model]]:
    """Concrete models whose direct MTI parent is ``model``."""
    return [
        m
        for m in apps.get_models()
        if model in m._meta.parents and m._meta.get_ancestor_link(model) is not None
        and not any(model in p._meta.parents for p in m._meta.parents)
    ]


def get_subclasses_graph(model: type[models.Model]) -> str:
    """A reST ``.. graphviz::`` directive of ``model``'s MTI family (translated names)."""
    root = model
    while root._meta.parents:
        root = next(iter(root._meta.parents))
    edges: list[str] = []

    def walk(parent: type[models.Model]) -> None:
        for child in sorted(mti_children(parent), key=lambda m: str(m._meta.verbose_name)):
            edges.append(
                f'  "{force_str(parent._meta.verbose_name)}" -> '
                f'"{force_str(child._meta.verbose_name)}"'
            )
            walk(child)

    walk(root)
    return "\n".join([".. graphviz::", "", "  digraph foo {", *("  " + e for e in edges), "  }"])
