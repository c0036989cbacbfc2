"""Merge one row into another: move every reference, then delete the merged row.

``MergePlan(source, target)`` is the dry run: one :class:`Step` per reference
that has rows, saying whether they move to ``target``, are deleted or are
deleted and recomputed. As in Lino, the rows that cascade-delete with the merged
row (its "volatiles", e.g. a client's contracts) may be deleted rather than
moved: ``delete`` names their references (unlike Lino, nothing is deleted
unless asked). Summary rows (``recomputed_on_merge``) are never moved: they are
deleted, and the app computing them recomputes the target's.

Every relation kind moves (see ``references.py``): foreign keys (hidden ones
too), one-to-one fields, many-to-many links, GFKs. Moved rows that would repeat
a unique value of the target's rows are found in the dry run, set-based (one
``EXISTS`` per unique field set): the merged row's many-to-many links that the
target has too are kept once (a union); any other conflict (an enrolment per
course and student, two one-to-one rows) is named, and ``execute()`` refuses
with a :class:`MergeError` unless ``delete_conflicts`` says to delete the merged
row's conflicting rows. History (``Reference.is_history``: the admin's log
entries, and what ``LINO_CORE_MODEL_HISTORY_REFERENCES`` names) is never moved:
it says who did what. A merged row that has history is kept, deactivated
(``is_active = False``), so that its history stays as it was; a model without
``is_active`` cannot be merged away then, and the plan says so.

``execute()`` does it in one transaction, with both rows locked, so a
reference added concurrently to ``source`` is either moved or makes the other
writer fail: none is left dangling. The optional ``reason`` is recorded with
the merge: in the log (logger ``lino_core_model.merge``) and, when the user is
known and ``django.contrib.admin`` is installed, in two admin log entries (the
deletion of ``source`` and the change of ``target``) that show in their history.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import IntegrityError, OperationalError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lino_core_model.deletion import DeletePlan
from lino_core_model.deprecation import moved_names
from lino_core_model.exceptions import DeleteVetoed, MergeError
from lino_core_model.inheritance import mti_descendants, specific_models
from lino_core_model.locks import lock_rows
from lino_core_model.references import CASCADE, Reference, references_to
from lino_core_model.signals import pre_merge

__all__ = ["MergePlan", "Step"]

logger = logging.getLogger(__name__)

MOVE, DELETE, RECOMPUTE, CLEAR = "move", "delete", "recompute", "clear"
#: Links the target has too (a many-to-many union): the merged row's copies go.
UNITE = "unite"
#: Rows whose move would break a unique constraint: the merge stops unless they are deleted.
CONFLICT = "conflict"
#: History rows: they stay as they were, and so does the merged row (deactivated).
KEEP = "keep"
REASON_MAX_LENGTH = 200
#: The field a merge clears on a merged row that it keeps for its history.
DEACTIVATION_FIELD = "is_active"


def reference_key(ref: Reference) -> str:
    """How ``delete`` names a reference: ``app_label.Model.field``."""
    return ref.key


def deactivation_field(model: type[models.Model]) -> models.Field | None:
    """The ``is_active`` boolean field of ``model``, or None."""
    try:
        flag = model._meta.get_field(DEACTIVATION_FIELD)
    except FieldDoesNotExist:
        return None
    return flag if isinstance(flag, models.BooleanField) else None


def is_volatile(ref: Reference) -> bool:
    """Whether the rows of ``ref`` cascade-delete with their target (the user may keep
    them); history is never deleted by a merge."""
    return ref.policy == CASCADE and not recomputed_on_merge(ref.model) and not ref.is_history


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
    #: The rows of the reference that conflict with the target's (``Reference.conflicts``):
    #: this step has those rows (``conflicting``) or the others.
    conflict: Q | None = field(default=None, compare=False)
    conflicting: bool = False

    @property
    def key(self) -> str:
        return reference_key(self.reference)

    def rows(self, source: models.Model) -> models.QuerySet:
        """The rows of this step (the merged row being ``source``)."""
        if self.via is not None:
            return self.reference.rows_to_any(self.via.rows(source))
        rows = self.reference.rows(source)
        if self.conflict is None:
            return rows
        return rows.filter(self.conflict) if self.conflicting else rows.exclude(self.conflict)

    @property
    def unique_fields(self) -> str:
        """The unique field sets a conflicting step's rows would break: ``course, student``."""
        return "; ".join(", ".join(names) for names, _ in self.reference.unique_sets())

    def __str__(self) -> str:
        return self.reference.describe(self.count)


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
    whose rows are deleted rather than moved. ``delete_conflicts``: delete the
    merged row's rows whose move would break a unique constraint (else the merge
    stops on them). ``reason``: recorded with the merge.
    """

    def __init__(
        self,
        source: models.Model,
        target: models.Model | None,
        *,
        delete: Iterable[str] = (),
        reason: str = "",
        delete_conflicts: bool = False,
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
        if not isinstance(delete_conflicts, bool):
            raise MergeError(_("delete_conflicts must be True or False."))
        self.delete_conflicts = delete_conflicts

    @cached_property
    def steps(self) -> list[Step]:
        """The dry run's steps, counted once per plan (:meth:`count_steps`); ``execute()``
        counts again once both rows are locked."""
        return self.count_steps()

    def count_steps(self) -> list[Step]:
        """One step per reference that has rows (one COUNT each), then their cascades.

        The rows to move that conflict with the target's (one more COUNT per
        reference with a unique field set) are a step of their own, before the move.
        ``MergeError`` when history rows would keep a row that cannot be kept.
        """
        result = []
        for ref in references_to(type(self.source)):
            count = ref.rows(self.source).count()
            if not count:
                continue
            steps = self._split_conflicts(ref, count) if self._action(ref) == MOVE else [
                Step(ref, count, self._action(ref))]
            for step in steps:
                result.append(step)
                if step.action == DELETE:
                    result += self._cascades(step, {ref.model})
        if any(s.action == KEEP for s in result) and deactivation_field(type(self.source)) is None:
            raise MergeError(self._history_refusal(result))
        return result

    def _split_conflicts(self, ref: Reference, count: int) -> list[Step]:
        """The move of ``count`` rows of ``ref``, its conflicting rows a step of their own."""
        conflict = ref.conflicts(self.source, self.target)
        found = 0 if conflict is None else ref.rows(self.source).filter(conflict).count()
        if not found:
            return [Step(ref, count, MOVE)]
        if ref.merges_as_union:
            action = UNITE
        else:
            action = DELETE if self.delete_conflicts else CONFLICT
        steps = [Step(ref, found, action, conflict=conflict, conflicting=True)]
        if found < count:
            steps.append(Step(ref, count - found, MOVE, conflict=conflict))
        return steps

    @property
    def conflicts(self) -> list[Step]:
        """The steps whose rows would break a unique constraint if they moved (the
        merge stops on them unless ``delete_conflicts``), or that it deletes for that."""
        return [s for s in self.steps if s.conflicting and s.action in (CONFLICT, DELETE)]

    @property
    def stops_on_conflicts(self) -> bool:
        """Whether ``execute()`` would stop: rows would break a unique constraint and
        ``delete_conflicts`` is not given."""
        return any(s.action == CONFLICT for s in self.steps)

    @property
    def keeps_source(self) -> bool:
        """Whether the merged row is kept (deactivated) because history refers to it."""
        return any(s.action == KEEP for s in self.steps)

    def _history_refusal(self, steps: list[Step]) -> str:
        return _(
            "Cannot merge %(source)s into %(target)s: a merge does not move its history "
            "(%(rows)s), and a %(model)s without an is_active field cannot be kept "
            "deactivated for it. Keep both rows, or delete that history first."
        ) % {
            "source": self.source,
            "target": self.target,
            "rows": ", ".join(str(s) for s in steps if s.action == KEEP),
            "model": self.source._meta.verbose_name,
        }

    @property
    def moves(self) -> list[Step]:
        """The steps whose rows move to ``target``."""
        return [s for s in self.steps if s.action == MOVE]

    def named_steps(self) -> list[tuple[Step, list[models.Model]]]:
        """Each step with its rows (one query per step): the plan naming every row (an
        auto-created many-to-many link by the row it links to)."""
        return [(step, step.reference.shown_rows(step.rows(self.source))) for step in self.steps]

    def volatiles(self) -> list[tuple[Step, bool]]:
        """The references whose rows the user may keep or delete, with "deleted?" (one
        step per reference: a move split by its conflicts counts all its rows)."""
        found: dict[str, Step] = {}
        for s in self.steps:
            if s.via is not None or not is_volatile(s.reference):
                continue
            seen = found.get(s.key)
            found[s.key] = s if seen is None else Step(s.reference, seen.count + s.count, MOVE)
        return [(s, s.key in self.delete) for s in found.values()]

    def check_delete_permission(self, user) -> None:
        """``PermissionDenied`` unless ``user`` may delete every row the plan deletes."""
        for step in self.steps:
            if step.action == DELETE and not may_delete(user, step.reference.model):
                raise PermissionDenied(
                    _("You have no permission to delete %(rows)s.")
                    % {"rows": step.reference.model._meta.verbose_name_plural}
                )

    def _action(self, ref: Reference) -> str:
        if ref.is_history:
            return KEEP
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
            UNITE: _("Kept once, as %(target)s has them too: %(rows)s."),
            DELETE: _("%(rows)s will be deleted."),
            CLEAR: _("%(rows)s will lose their link."),
            RECOMPUTE: _("%(rows)s will be deleted, those of %(target)s recomputed."),
            KEEP: _("History stays as it was: %(rows)s."),
        }
        for action, text in texts.items():
            found = [str(s) for s in steps if s.action == action]
            if found:
                lines.append(text % {"rows": ", ".join(found), "target": self.target})
        lines += [self._conflict_text(s) for s in steps if s.action == CONFLICT]
        if self.keeps_source:
            lines.append(_("%(source)s will be kept, deactivated, for its history.")
                         % {"source": self.source})
        else:
            lines.append(_("%(source)s will be deleted.") % {"source": self.source})
        if self.reason:
            lines.append(_("Reason: %(reason)s") % {"reason": self.reason})
        return "\n".join(lines)

    def _conflict_text(self, step: Step) -> str:
        return _(
            "%(rows)s would repeat those of %(target)s (unique: %(fields)s): "
            "delete them with the merge, or stop."
        ) % {"rows": step, "target": self.target, "fields": step.unique_fields}

    def execute(self, ar=None) -> str:
        """Move or delete every reference as planned, delete ``source`` (or keep it,
        deactivated, for its history), record; atomic."""
        model = type(self.source)
        user = getattr(ar, "user", None)
        if isinstance(user, model._meta.concrete_model) and user.pk == self.source.pk:
            # the merge's own log entries would name the row it deletes
            raise MergeError(_("You cannot merge yourself away: ask another user to do it."))
        try:
            with transaction.atomic():
                if len(lock_rows(model, [self.source.pk, self.target.pk])) != 2:
                    raise MergeError(_("The rows to merge no longer exist."))
                pre_merge.send(sender=self, request=ar)
                steps = self.count_steps()  # as of now, both rows locked
                conflicts = [s for s in steps if s.action == CONFLICT]
                if conflicts:
                    raise MergeError(" ".join(
                        [_("Cannot merge %(source)s into %(target)s:")
                         % {"source": self.source, "target": self.target},
                         *map(self._conflict_text, conflicts)]))
                named = [(s, list(s.rows(self.source).values_list("pk", flat=True))) for s in steps]
                updated = deleted = 0
                for step in steps:  # the conflicting rows go before the others move
                    if step.via is not None:
                        continue  # deleted with the rows of its ``via`` step
                    if step.action == MOVE:
                        updated += step.reference.move(self.source, self.target)
                    elif step.action in (DELETE, RECOMPUTE, UNITE):
                        deleted += _delete(step.rows(self.source))
                kept = [s for s in steps if s.action == KEEP]
                msg = self._message(updated, deleted, kept)
                self._record(ar, named, msg)  # while source still has its primary key
                if kept:
                    self._deactivate_source()
                else:
                    self.source.delete()
        except (IntegrityError, OperationalError, DeleteVetoed) as exc:
            # e.g. a reference added meanwhile, a deadlock with another writer
            raise MergeError(
                _("Cannot merge %(source)s into %(target)s: %(error)s")
                % {"source": self.source, "target": self.target, "error": exc}
            ) from exc
        return msg

    def _deactivate_source(self) -> None:
        """Keep the merged row for its history, with ``is_active`` False."""
        flag = deactivation_field(type(self.source))
        flag.model._base_manager.filter(pk=self.source.pk).update(**{flag.attname: False})
        setattr(self.source, flag.attname, False)

    def _message(self, updated: int, deleted: int, kept: Sequence[Step] = ()) -> str:
        msg = ngettext(
            "Merged %(source)s into %(target)s. Updated %(count)d related row.",
            "Merged %(source)s into %(target)s. Updated %(count)d related rows.",
            updated,
        ) % {"source": self.source, "target": self.target, "count": updated}
        if deleted:
            msg += " " + ngettext(
                "Deleted %(count)d related row.", "Deleted %(count)d related rows.", deleted
            ) % {"count": deleted}
        if kept:
            msg += " " + _("Kept as they were: %(rows)s; %(source)s is kept, deactivated.") % {
                "rows": ", ".join(map(str, kept)), "source": self.source}
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
        source_flag = DELETION
        if any(s.action == KEEP for s, _pks in named):
            source_flag = CHANGE
            merged += " " + _("Kept, deactivated, for its history: %(rows)s.") % {
                "rows": ", ".join(f"{s} #{' #'.join(map(str, pks))}"
                                  for s, pks in named if s.action == KEEP)}
        for obj, flag, text in ((self.source, source_flag, merged), (self.target, CHANGE, msg)):
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


#: Names that moved to another front door (they import from here with a warning).
__getattr__ = moved_names(__name__, {"Merge": "lino_core_model.actions"})
