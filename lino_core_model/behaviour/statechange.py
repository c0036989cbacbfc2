"""Workflow state changes: ``set_workflow_state`` (states are resolved by the ``Workflow``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from lino_core_model.behaviour.changes import ChangeWatcher
from lino_core_model.behaviour.locks import lock_for_write
from lino_core_model.behaviour.options import lino_options
from lino_core_model.exceptions import StateChanged

__all__ = ["set_workflow_state"]


def workflow_field(model: type[models.Model]):
    """The ``ChoiceListField`` named by ``workflow_state_field``, or None."""
    name = lino_options(model).workflow_state_field
    return model._meta.get_field(name) if name else None


def set_workflow_state(obj: models.Model, ar: Any, state_field: Any, target_state: Any) -> None:
    """Change ``obj``'s state to ``target_state``, running the hooks; atomic.

    Only a move that a transition of the workflow makes is allowed (else
    :class:`StateChanged`). The state is changed with a conditional ``UPDATE
    ... WHERE state = old``, so two writers changing the same row from the same
    old state cannot both win: the second gets :class:`StateChanged` and its
    hooks are rolled back. The row's lock is taken first (the lock order of
    :mod:`lino_core_model.behaviour.locks`). The row is then saved with ``update_fields``: the
    state, the fields the hooks changed and the ``auto_now`` fields, so values
    written meanwhile by others are kept (no lost update).
    """
    state_field = _state_field(obj, state_field)
    old = getattr(obj, state_field.name)
    new = _target(obj, state_field, target_state)
    _check_move(obj, state_field.choicelist, old, new)
    choicelist = state_field.choicelist
    with transaction.atomic(using=obj._state.db):
        lock_for_write(type(obj), [obj.pk], obj._state.db)  # first: the lock order
        before = ChangeWatcher(obj)
        choicelist.before_state_change(obj, ar, old, new)
        obj.before_state_change(ar, old, new)
        guard = {"pk": obj.pk, state_field.name: old.value if old else ""}
        manager = type(obj)._base_manager.using(obj._state.db)
        if not manager.filter(**guard).update(**{state_field.name: new.value}):
            raise _changed_meanwhile(obj, new, manager)
        setattr(obj, state_field.name, new)
        obj.save(update_fields=_fields_to_save(obj, before, state_field))
        choicelist.after_state_change(obj, ar, old, new)
        obj.after_state_change(ar, old, new)


def _state_field(obj: models.Model, spec: Any) -> Any:
    """The state field named (or given) by ``spec``: a field of ``obj`` with a choicelist."""
    try:
        field = obj._meta.get_field(spec) if isinstance(spec, str) else spec
    except FieldDoesNotExist:
        field = None
    if (
        getattr(field, "model", None) is None
        or not isinstance(obj, field.model)
        or not hasattr(field, "choicelist")
    ):
        raise StateChanged(
            _("%(model)s has no state field %(field)r.")
            % {"model": type(obj)._meta.verbose_name, "field": getattr(spec, "name", spec)}
        )
    return field


def _target(obj: models.Model, state_field: Any, target_state: Any) -> Any:
    try:
        new = state_field.to_python(target_state)
    except ValidationError:
        new = None
    if new is None:
        raise StateChanged(
            _("Cannot change %(obj)s to %(state)r: not a state of %(list)s.")
            % {"obj": obj, "state": target_state, "list": state_field.choicelist.get_full_name()}
        )
    return new


def _check_move(obj: models.Model, choicelist: Any, old: Any, new: Any) -> None:
    """Refuse a move that no transition of the workflow makes."""
    if old == new:
        raise StateChanged(_("%(obj)s is already %(state)s.") % {"obj": obj, "state": new})
    transitions = getattr(choicelist, "get_transitions", list)()
    if not any(a.target_state is new and a.starts_from(old) for a in transitions):
        raise StateChanged(
            _("Cannot change %(obj)s from %(old)s to %(new)s: no transition does that.")
            % {"obj": obj, "old": old or "-", "new": new}
        )


def _changed_meanwhile(obj: models.Model, new: Any, manager: Any) -> StateChanged:
    if not manager.filter(pk=obj.pk).exists():
        return StateChanged(_("Cannot change %(obj)s: it no longer exists.") % {"obj": obj})
    return StateChanged(
        _("Cannot change %(obj)s to %(new)s: the state changed meanwhile.")
        % {"obj": obj, "new": new}
    )


def _fields_to_save(obj: models.Model, before: ChangeWatcher, state_field: Any) -> list[str]:
    """The state field, the fields changed since ``before`` and the ``auto_now`` fields."""
    changed = {attname for attname, _old, _new in before.get_updates()}
    return [
        f.name
        for f in obj._meta.concrete_fields
        if not f.primary_key
        and (f is state_field or f.attname in changed or getattr(f, "auto_now", False))
    ]
