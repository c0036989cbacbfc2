"""Merge one row into another: move every reference, then delete the merged row.

``MergePlan(source, target)`` is the dry run: one :class:`Step` per reference
that has rows, saying whether they move to ``target``, are deleted or are
deleted and recomputed. As in Lino, the rows that cascade-delete with the merged
row (its "volatiles", e.g. a client's contracts) may be deleted rather than
moved: ``delete`` names their references (unlike Lino, nothing is deleted
unless asked). Summary rows (``recomputed_on_merge``) are never moved: they are
deleted, and the app computing them recomputes the target's.

``execute()`` does it in one transaction, with both rows locked, so a
reference added concurrently to ``source`` is either moved or makes the other
writer fail: none is left dangling. The optional ``reason`` is recorded with
the merge: in the log (logger ``lino_core_model.behaviour.merge``) and, when the user is
known and ``django.contrib.admin`` is installed, in two admin log entries (the
deletion of ``source`` and the change of ``target``) that show in their history.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from lino_core_model.behaviour.deletion import DeletePlan
from lino_core_model.behaviour.inheritance import mti_descendants, specific_models
from lino_core_model.behaviour.locks import lock_rows
from lino_core_model.behaviour.references import CASCADE, Reference, references_to
from lino_core_model.exceptions import DeleteVetoed, MergeError
from lino_core_model.signals import pre_merge
from lino_core_model.ui.actions import Action
from lino_core_model.ui.roles import Expert
from lino_core_model.utils import full_model_name

__all__ = ["Merge", "MergePlan", "Step"]

logger = logging.getLogger(__name__)

MOVE, DELETE, RECOMPUTE, CLEAR = "move", "delete", "recompute", "clear"
REASON_MAX_LENGTH = 200


def reference_key(ref: Reference) -> str:
    """How ``delete`` names a reference: ``app_label.Model.field``."""
    return f"{full_model_name(ref.model)}.{ref.name}"


def is_volatile(ref: Reference) -> bool:
    """Whether the rows of ``ref`` cascade-delete with their target (the user may keep them)."""
    return ref.policy == CASCADE and not recomputed_on_merge(ref.model)


def recomputed_on_merge(model: type[models.Model]) -> bool:
    return bool(getattr(model, "recomputed_on_merge", False))


def volatile_references(model: type[models.Model]) -> list[Reference]:
    """The references whose rows a merge of a ``model`` row may delete instead of moving."""
    return [ref for ref in references_to(model) if is_volatile(ref)]


@dataclass(frozen=True)
class Step:
    """What a merge does to the rows pointing to the merged row through one reference."""

    reference: Reference
    count: int
    action: str = MOVE
    via: Step | None = None  # deleted because the rows of ``via`` are

    @property
    def key(self) -> str:
        return reference_key(self.reference)

    def rows(self, source: models.Model) -> models.QuerySet:
        """The rows of this step (the merged row being ``source``)."""
        if self.via is None:
            return self.reference.rows(source)
        return self.reference.rows_to_any(self.via.rows(source))

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
    """What merging ``source`` into ``target`` does; ``execute()`` runs it.

    ``delete``: the keys (``app_label.Model.field``) of volatile references
    whose rows are deleted rather than moved. ``reason``: recorded with the merge.
    """

    def __init__(
        self,
        source: models.Model,
        target: models.Model | None,
        *,
        delete: Iterable[str] = (),
        reason: str = "",
    ):
        if not isinstance(source, models.Model):
            raise MergeError(_("Only a database row can be merged."))
        if target is None:
            raise MergeError(_("You must specify a merge target."))
        if not isinstance(target, models.Model) or (
            type(target)._meta.concrete_model is not type(source)._meta.concrete_model
        ):
            raise MergeError(
                _("Cannot merge %(source)s into %(target)s: they are not of the same type.")
                % {"source": source, "target": target}
            )
        if target.pk == source.pk:
            raise MergeError(_("Cannot merge an instance to itself."))
        self.source, self.target = most_specific(source, target)
        self.delete = _delete_keys(type(self.source), delete)
        self.reason = _clean_reason(reason)

    @cached_property
    def steps(self) -> list[Step]:
        """The dry run's steps, counted once per plan (:meth:`count_steps`); ``execute()``
        counts again once both rows are locked."""
        return self.count_steps()

    def count_steps(self) -> list[Step]:
        """One step per reference that has rows (one COUNT each), then their cascades."""
        result = []
        for ref in references_to(type(self.source)):
            count = ref.rows(self.source).count()
            if count:
                step = Step(ref, count, self._action(ref))
                result.append(step)
                if step.action == DELETE:
                    result += self._cascades(step, {ref.model})
        return result

    @property
    def moves(self) -> list[Step]:
        """The steps whose rows move to ``target``."""
        return [s for s in self.steps if s.action == MOVE]

    def named_steps(self) -> list[tuple[Step, list[models.Model]]]:
        """Each step with its rows (one query per step): the plan naming every row."""
        return [(step, list(step.rows(self.source).order_by("pk"))) for step in self.steps]

    def volatiles(self) -> list[tuple[Step, bool]]:
        """The references whose rows the user may keep or delete, with "deleted?"."""
        return [
            (s, s.key in self.delete)
            for s in self.steps
            if s.via is None and is_volatile(s.reference)
        ]

    def check_delete_permission(self, user) -> None:
        """``PermissionDenied`` unless ``user`` may delete every row the plan deletes."""
        for step in self.steps:
            if step.action == DELETE and not may_delete(user, step.reference.model):
                raise PermissionDenied(
                    _("You have no permission to delete %(rows)s.")
                    % {"rows": step.reference.model._meta.verbose_name_plural}
                )

    def _action(self, ref: Reference) -> str:
        if recomputed_on_merge(ref.model):
            return RECOMPUTE
        if getattr(ref.field, "dont_merge", False):  # stays: deleted or cleared with source
            return DELETE if ref.policy == CASCADE else CLEAR
        return DELETE if reference_key(ref) in self.delete else MOVE

    def _cascades(self, step: Step, seen: set) -> list[Step]:
        """The rows deleted with the rows of ``step``, as their delete plan gathers them
        (``seen``: the models on the path; the plan finds cycles itself): one step
        per unit the plan reaches by a reference, counted in one query."""
        plan = DeletePlan(step.rows(self.source))
        steps: dict = {plan.units[0]: step}
        found = []
        for unit, count in zip(plan.units, plan.unit_counts, strict=True):
            parent = steps.get(unit.parent)
            if unit.via is None or parent is None or not count:
                continue  # the merged rows' MTI children, or no row
            steps[unit] = nested = Step(unit.via, count, DELETE, parent)
            found.append(nested)
        return found

    def as_text(self) -> str:
        """The confirmation text, e.g. for the admin's confirmation page."""
        lines = [
            _("Are you sure you want to merge %(source)s into %(target)s?")
            % {"source": self.source, "target": self.target}
        ]
        steps = self.steps
        texts = {
            MOVE: _("%(rows)s will get reassigned."),
            DELETE: _("%(rows)s will be deleted."),
            CLEAR: _("%(rows)s will lose their link."),
            RECOMPUTE: _("%(rows)s will be deleted, those of %(target)s recomputed."),
        }
        for action, text in texts.items():
            found = [str(s) for s in steps if s.action == action]
            if found:
                lines.append(text % {"rows": ", ".join(found), "target": self.target})
        lines.append(_("%(source)s will be deleted.") % {"source": self.source})
        if self.reason:
            lines.append(_("Reason: %(reason)s") % {"reason": self.reason})
        return "\n".join(lines)

    def execute(self, ar=None) -> str:
        """Move or delete every reference as planned, delete ``source``, record; atomic."""
        model = type(self.source)
        try:
            with transaction.atomic():
                if len(lock_rows(model, [self.source.pk, self.target.pk])) != 2:
                    raise MergeError(_("The rows to merge no longer exist."))
                pre_merge.send(sender=self, request=ar)
                steps = self.count_steps()  # as of now, both rows locked
                named = [(s, list(s.rows(self.source).values_list("pk", flat=True))) for s in steps]
                updated = deleted = 0
                for step in steps:
                    if step.via is not None:
                        continue  # deleted with the rows of its ``via`` step
                    if step.action == MOVE:
                        updated += step.reference.move(self.source, self.target)
                    elif step.action in (DELETE, RECOMPUTE):
                        deleted += _delete(step.rows(self.source))
                msg = self._message(updated, deleted)
                self._record(ar, named, msg)  # while source still has its primary key
                self.source.delete()
        except (IntegrityError, OperationalError, DeleteVetoed) as exc:
            # e.g. a reference added meanwhile, a deadlock with another writer
            raise MergeError(
                _("Cannot merge %(source)s into %(target)s: %(error)s")
                % {"source": self.source, "target": self.target, "error": exc}
            ) from exc
        return msg

    def _message(self, updated: int, deleted: int) -> str:
        msg = ngettext(
            "Merged %(source)s into %(target)s. Updated %(count)d related row.",
            "Merged %(source)s into %(target)s. Updated %(count)d related rows.",
            updated,
        ) % {"source": self.source, "target": self.target, "count": updated}
        if deleted:
            msg += " " + ngettext(
                "Deleted %(count)d related row.", "Deleted %(count)d related rows.", deleted
            ) % {"count": deleted}
        return msg

    def _record(self, ar, named: list[tuple[Step, list]], msg: str) -> None:
        """Log the merge (naming every row moved or deleted) and its reason."""
        user = getattr(ar, "user", None)
        reason = _("Reason: %(reason)s") % {"reason": self.reason} if self.reason else ""
        logger.info(
            "\n".join(
                [
                    f"{user or '-'}: {msg} {reason}".rstrip(),
                    *(f"- {s.action} {s.key}: {' '.join(map(str, pks))}" for s, pks in named),
                ]
            )
        )
        if getattr(user, "pk", None) is None or not apps.is_installed("django.contrib.admin"):
            return
        from django.contrib.admin.models import CHANGE, DELETION, LogEntry

        merged = _("Merged into %(target)s (#%(pk)s).") % {
            "target": self.target,
            "pk": self.target.pk,
        }
        for obj, flag, text in ((self.source, DELETION, merged), (self.target, CHANGE, msg)):
            LogEntry.objects.log_actions(
                user.pk, [obj], flag, f"{text} {reason}".rstrip(), single_object=True
            )


def may_delete(user, model: type[models.Model]) -> bool:
    """Whether ``user`` has the Django permission to delete rows of ``model``."""
    meta = model._meta
    return user.has_perm(f"{meta.app_label}.{get_permission_codename('delete', meta)}")


def _delete(rows: models.QuerySet) -> int:
    """Delete ``rows`` by their delete plan (vetoes, GFK cascades included): the number
    of rows deleted."""
    return DeletePlan(rows).execute()[0]


def _delete_keys(model: type[models.Model], delete: Iterable[str]) -> frozenset[str]:
    if isinstance(delete, str) or not isinstance(delete, Iterable):
        raise MergeError(_("Name the references whose rows to delete in a list."))
    keys = frozenset(delete)
    valid = {reference_key(ref) for ref in volatile_references(model)}
    unknown = [k for k in keys if not isinstance(k, str) or k not in valid]
    if unknown:
        raise MergeError(
            _("%(keys)s: not a reference whose rows a merge may delete. Choose from: %(valid)s")
            % {"keys": ", ".join(map(repr, unknown)), "valid": ", ".join(sorted(valid)) or "-"}
        )
    return keys


def _clean_reason(reason) -> str:
    if not isinstance(reason, str):
        raise MergeError(_("The reason must be a text."))
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH or any(
        ord(c) < 32 or 0xD800 <= ord(c) < 0xE000 for c in reason
    ):
        raise MergeError(
            _("The reason must be a line of at most %(max)d characters.")
            % {"max": REASON_MAX_LENGTH}
        )
    return reason


class Merge(Action):
    """The "Merge" action (for experts): merge the row into ``target``."""

    label = _lazy("Merge")
    button_text = "⚭"
    readonly = False
    required_roles = frozenset({Expert})

    def run_from_code(
        self,
        ar,
        obj=None,
        target=None,
        dry_run: bool = False,
        delete: Iterable[str] = (),
        reason: str = "",
    ) -> str:
        self.check_permission(ar, obj)
        plan = MergePlan(obj, target, delete=delete, reason=reason)
        if getattr(ar, "user", None) is not None:
            plan.check_delete_permission(ar.user)
        return plan.as_text() if dry_run else plan.execute(ar)
