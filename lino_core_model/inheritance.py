"""The multi-table-inheritance family of a model: children, descendants, a graphviz directive."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str

from lino_core_model.options import per_resolve


def mti_children(model: type[models.Model]) -> list[type[models.Model]]:
    """Concrete models whose direct MTI parent is ``model``."""
    return [
        m
        for m in apps.get_models()
        if model in m._meta.parents and m._meta.get_ancestor_link(model) is not None
        and not any(model in p._meta.parents for p in m._meta.parents)
    ]


def mti_descendants(model: type[models.Model]) -> tuple[tuple[type[models.Model], str], ...]:
    """:func:`find_mti_descendants` of ``model``, read once per start-up (:mod:`.options`)."""
    return per_resolve(_descendants, model, lambda: find_mti_descendants(model))


_descendants: dict = {}


def find_mti_descendants(model: type[models.Model]) -> tuple[tuple[type[models.Model], str], ...]:
    """Every concrete MTI descendant of ``model`` with its lookup path from ``model``.

    Nearest first, e.g. for ``Partner``: ``(Person, "person")``,
    ``(Client, "person__client")``... Deleting a row deletes its descendant
    rows too (Django follows the parent links), so they are part of any delete.
    """
    found: list[tuple[type[models.Model], str]] = []

    def walk(parent: type[models.Model], prefix: str) -> None:
        for child in mti_children(parent):
            path = prefix + child._meta.get_ancestor_link(parent).related_query_name()
            found.append((child, path))
            walk(child, path + "__")

    walk(model, "")
    return tuple(found)


def specific_models(
    model: type[models.Model], pks: Iterable, using: str | None = None
) -> dict[Any, type[models.Model]]:
    """``{pk: most specific concrete model}`` of the rows ``pks`` of ``model``; one query.

    A ``Person`` row whose ``Client`` child exists maps to ``Client``. Rows that
    do not exist are missing from the result.
    """
    descendants = mti_descendants(model)
    if not descendants:
        return {pk: model for pk in model._base_manager.using(using).filter(pk__in=pks)
                .order_by().values_list("pk", flat=True)}
    rows = model._base_manager.using(using).filter(pk__in=pks).order_by().values_list(
        "pk", *(f"{path}__pk" for _, path in descendants)
    )
    result = {}
    for pk, *child_pks in rows:
        result[pk] = model
        for (child, _), child_pk in zip(descendants, child_pks, strict=True):
            if child_pk is not None:
                result[pk] = child  # nearest first: the deepest one found wins
    return result


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

__all__ = [
    "find_mti_descendants",
    "get_subclasses_graph",
    "mti_children",
    "mti_descendants",
    "specific_models",
]
