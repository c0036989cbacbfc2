"""Merge one row into another: move every reference, then delete the merged row.

``MergePlan(source, target)`` is the dry run (what would move);
``execute()`` does it in one transaction, with both rows locked, so a
reference added concurrently to ``source`` is either moved or makes the other
writer fail: none is left dangling.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from .actions import Action
from .exceptions import DeleteVetoed, MergeError
from .inheritance import mti_descendants, specific_models
from .locks import lock_rows
from .references import Reference, references_to
from .roles import Expert
from .signals import pre_merge


@dataclass(frozen=True)
class Move:
    reference: Reference
    count: int

    def __str__(self) -> str:
        meta = self.reference.model._meta
        name = meta.verbose_name if self.count == 1 else meta.verbose_name_plural
        return f"{self.count} {name} ({self.reference.name})"


def most_specific(source: models.Model, target: models.Model) -> tuple[models.Model, models.Model]:
    """Both rows as their most specific MTI model (a ``Person`` as its ``Client`` row).

    Merging two persons that are clients merges the clients: references to
    the client rows move too. Rows of different specific models (a company
    into a person) cannot be merged.
    """
    model, db = source._meta.concrete_model, source._state.db
    if not mti_descendants(model):
        return source, target
    found = specific_models(model, [source.pk, target.pk], db)
    if len(found) < 2:
        return source, target  # execute() says that a row no longer exists
    specific = found[source.pk]
    if found[target.pk] is not specific:
        raise MergeError(
            _("Cannot merge %(source)s into %(target)s: they are not of the same type.")
            % {"source": source, "target": target}
        )
    if specific is model:
        return source, target
    rows = specific._base_manager.using(db).in_bulk([source.pk, target.pk])
    return rows[source.pk], rows[target.pk]


class MergePlan:
    """What merging ``source`` into ``target`` moves; ``execute()`` runs it."""

    def __init__(self, source: models.Model, target: models.Model | None):
        if target is None:
            raise MergeError(_("You must specify a merge target."))
        if type(target)._meta.concrete_model is not type(source)._meta.concrete_model:
            raise MergeError(
                _("Cannot merge %(source)s into %(target)s: they are not of the same type.")
                % {"source": source, "target": target}
            )
        if target.pk == source.pk:
            raise MergeError(_("Cannot merge an instance to itself."))
        self.source, self.target = most_specific(source, target)

    @property
    def moves(self) -> list[Move]:
        """The references that would be moved (one COUNT per reference)."""
        result = []
        for ref in references_to(type(self.source)):
            count = ref.rows(self.source).count()
            if count:
                result.append(Move(ref, count))
        return result

    def as_text(self) -> str:
        """The confirmation text, e.g. for the admin's confirmation page."""
        lines = [
            _("Are you sure you want to merge %(source)s into %(target)s?")
            % {"source": self.source, "target": self.target}
        ]
        moves = self.moves
        if moves:
            lines.append(
                _("%(moves)s will get reassigned.") % {"moves": ", ".join(map(str, moves))}
            )
        lines.append(_("%(source)s will be deleted.") % {"source": self.source})
        return "\n".join(lines)

    def execute(self, ar=None) -> str:
        """Move every reference to ``target`` and delete ``source``; atomic."""
        model = type(self.source)
        source_text = str(self.source)  # before the delete clears its id
        try:
            with transaction.atomic():
                if len(lock_rows(model, [self.source.pk, self.target.pk])) != 2:
                    raise MergeError(_("The rows to merge no longer exist."))
                pre_merge.send(sender=self, request=ar)
                updated = sum(ref.move(self.source, self.target) for ref in references_to(model))
                self.source.delete()
        except (IntegrityError, DeleteVetoed) as exc:  # e.g. a reference added meanwhile
            raise MergeError(
                _("Cannot merge %(source)s into %(target)s: %(error)s")
                % {"source": self.source, "target": self.target, "error": exc}
            ) from exc
        return ngettext(
            "Merged %(source)s into %(target)s. Updated %(count)d related row.",
            "Merged %(source)s into %(target)s. Updated %(count)d related rows.",
            updated,
        ) % {"source": source_text, "target": self.target, "count": updated}


class Merge(Action):
    """The "Merge" action (for experts): merge the row into ``target``."""

    label = _lazy("Merge")
    button_text = "⚭"
    readonly = False
    required_roles = frozenset({Expert})

    def run_from_code(self, ar, obj=None, target=None, dry_run: bool = False) -> str:
        self.check_permission(ar, obj)
        plan = MergePlan(obj, target)
        return plan.as_text() if dry_run else plan.execute(ar)
