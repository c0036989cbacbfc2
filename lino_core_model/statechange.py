"""Workflow state changes: ``set_workflow_state`` and ``resolve_states``."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _

from .exceptions import StateChanged


def workflow_field(model: type[models.Model]):
    """The ``ChoiceListField`` named by ``workflow_state_field``, or None."""
    name = getattr(model, "workflow_state_field", None)
    return model._meta.get_field(name) if name else None


def set_workflow_state(obj: models.Model, ar, state_field, target_state) -> None:
    """Change ``obj``'s state to ``target_state``, running the hooks; atomic.

    The state is changed with a conditional ``UPDATE ... WHERE state = old``, so
    two writers changing the same row from the same old state cannot both win:
    the second gets :class:`StateChanged` and its hooks are rolled back.
    """
    if isinstance(state_field, str):
        state_field = obj._meta.get_field(state_field)
    choicelist = state_field.choicelist
    new = choicelist.to_python(target_state) if isinstance(target_state, str) else target_state
    old = getattr(obj, state_field.name)
    with transaction.atomic():
        choicelist.before_state_change(obj, ar, old, new)
        obj.before_state_change(ar, old, new)
        guard = {"pk": obj.pk, state_field.name: old.value if old else ""}
        if not type(obj)._base_manager.filter(**guard).update(**{state_field.name: new.value}):
            raise StateChanged(
                _("Cannot change %(obj)s to %(new)s: the state changed meanwhile.")
                % {"obj": obj, "new": new}
            )
        setattr(obj, state_field.name, new)
        obj.save()
        choicelist.after_state_change(obj, ar, old, new)
        obj.after_state_change(ar, old, new)


def resolve_states(model: type[models.Model], states):
    """A set of states from a set of states or a string of state names."""
    if states is None:
        return None
    if isinstance(states, str):
        choicelist = workflow_field(model).choicelist
        result = set()
        for name in states.split():
            state = choicelist.get_by_name(name)
            if state is None:
                raise ValueError(
                    f"Invalid state name {name!r} for {model.__name__} "
                    f"(valid: {', '.join(c.name for c in choicelist.get_list_items() if c.name)})"
                )
            result.add(state)
        return result
    if isinstance(states, (set, frozenset, list, tuple)):
        return set(states)
    raise TypeError(f"Cannot resolve stateset specifier {states!r}")
