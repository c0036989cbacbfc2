"""Workflows: choicelists of states, with transitions that change a row's state.

::

    class NoteStates(Workflow):
        pass

    NoteStates.add_item("10", _("Draft"), "draft")
    NoteStates.add_item("20", _("Done"), "done")
    NoteStates.done.add_transition(_("Mark as done"), required_states="draft")

A model using the workflow names its state field in ``workflow_state_field``;
:func:`allowed_transitions` gives the actions a user may run on a row now.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lino_core_model.actions import Action
from lino_core_model.changes import ChangeWatcher
from lino_core_model.choicelists import Choice, ChoiceList
from lino_core_model.exceptions import StateChanged
from lino_core_model.locks import lock_for_write
from lino_core_model.options import workflow_field

__all__ = ["ChangeStateAction", "State", "Workflow", "allowed_transitions"]


class ChangeStateAction(Action):
    """Moves a row into ``target_state`` (from one of ``required_states``, if given)."""

    show_in_workflow = True
    readonly = False
    target_state: State | None = None
    required_states: frozenset[State] | None = None

    def __init__(
        self, target_state: State, label: Any = None, required_states: Any = None, **kwargs: Any
    ) -> None:
        if label is None and self.label is None:  # a subclass may define its label
            label = target_state.button_text or target_state.text
        kwargs.setdefault("button_text", target_state.button_text)
        if kwargs.get("help_text") is None:
            kwargs["help_text"] = getattr(target_state, "help_text", None)
        roles = kwargs.pop("required_roles", None)
        if roles is not None:
            kwargs["required_roles"] = frozenset(roles)
        super().__init__(
            label,
            target_state=target_state,
            required_states=target_state.choicelist.resolve_states(required_states),
            **kwargs,
        )

    def _state_field(self, obj: models.Model) -> models.Field:
        field = workflow_field(type(obj))
        if getattr(field, "choicelist", None) is not self.target_state.choicelist:
            raise ImproperlyConfigured(
                f"{type(obj).__name__}.workflow_state_field names no field of "
                f"{self.target_state.choicelist.get_full_name()}."
            )
        return field

    def starts_from(self, state: Any) -> bool:
        """Whether this transition may move a row that is in ``state``."""
        if state == self.target_state:
            return False
        return self.required_states is None or state in self.required_states

    def get_action_permission(self, ar: Any, obj: Any = None, state: Any = None) -> bool:
        """False when ``obj`` (or ``state``) is not a state this transition starts from."""
        if obj is not None and state is None:
            state = getattr(obj, self._state_field(obj).name)
        if (obj is not None or state is not None) and not self.starts_from(state):
            return False
        return super().get_action_permission(ar, obj, state)

    def run_from_code(self, ar: Any, obj: Any = None, **kwargs: Any) -> str:
        """Change the state of ``obj`` (with its hooks) and say so.

        Raises :class:`StateChanged` when ``obj`` is not in a state this
        transition starts from, ``PermissionDenied`` when the user of ``ar``
        may not run it.
        """
        field = self._state_field(obj)
        state = getattr(obj, field.name)
        if not self.starts_from(state):
            raise StateChanged(
                gettext("Cannot run “%(action)s” on %(obj)s: it is %(state)s.")
                % {"action": self.label, "obj": obj, "state": state or "-"}
            )
        self.check_permission(ar, obj)
        obj.set_workflow_state(ar, field, self.target_state)
        return gettext("%(obj)s is now %(state)s.") % {"obj": obj, "state": self.target_state}


class State(Choice):
    """A state of a :class:`Workflow`."""

    def add_transition(
        self,
        label: Any = None,
        help_text: Any = None,
        name: str | None = None,
        required_states: Any = None,
        required_roles: Iterable[type] | None = None,
        **kwargs: Any,
    ) -> ChangeStateAction:
        """Declare the action that moves a row into this state; return it.

        ``label`` is a text or a :class:`ChangeStateAction` subclass;
        ``required_states`` is a string of state names or a set of states.
        """
        if self.choicelist is None:
            raise ValueError(f"Add {self!r} to a workflow before giving it transitions.")
        action_class = ChangeStateAction
        if isinstance(label, type) and issubclass(label, ChangeStateAction):
            action_class, label = label, None
        action = action_class(
            self,
            label,
            required_states,
            help_text=help_text,
            required_roles=required_roles,
            **kwargs,
        )
        self.choicelist.register_transition(action, name)
        return action


class Workflow(ChoiceList):
    """A choicelist of states; its items are kept sorted by value."""

    item_class = State
    verbose_name = _("State")
    column_names = "value name text button_text"
    sort_items = True

    _transitions: list[ChangeStateAction] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        cls._transitions = []  # before super(): inherit_items adds items
        super().__init_subclass__(**kwargs)

    @classmethod
    def before_state_change(cls, obj: models.Model, ar: Any, old: State, new: State) -> None:
        """Hook called before any row changes its state (no-op by default)."""

    @classmethod
    def after_state_change(cls, obj: models.Model, ar: Any, old: State, new: State) -> None:
        """Hook called after any row changed its state (no-op by default)."""

    @classmethod
    def get_transitions(cls) -> list[ChangeStateAction]:
        """The transition actions of this workflow, in declaration order."""
        return list(cls._transitions)

    @classmethod
    def clear_transitions(cls) -> None:
        """Forget every transition."""
        cls._transitions = []

    @classmethod
    def clear(cls) -> None:
        """Remove every state and every transition (to replace the workflow)."""
        super().clear()
        cls.clear_transitions()

    @classmethod
    def remove_item(cls, choice: Choice) -> None:
        """Remove a state and the transitions into it."""
        super().remove_item(choice)
        cls._transitions = [a for a in cls._transitions if a.target_state is not choice]

    @classmethod
    def resolve_states(cls, states: Any) -> frozenset[State] | None:
        """A set of states from a string of names or an iterable of states or names."""
        if states is None:
            return None
        if isinstance(states, str):
            states = states.split()
        return frozenset(cls._resolve_state(s) for s in states)

    @classmethod
    def _resolve_state(cls, spec: Any) -> State:
        if isinstance(spec, Choice) and spec.choicelist is cls:
            return spec
        state = cls.get_by_name(spec) if isinstance(spec, str) else None
        if state is None:
            valid = ", ".join(c.name for c in cls.get_list_items() if c.name)
            raise ValueError(f"Invalid state {spec!r} for {cls.get_full_name()} (valid: {valid})")
        return state

    @classmethod
    def register_transition(cls, action: ChangeStateAction, name: str | None = None) -> None:
        """Add ``action`` to the transitions, named ``name`` (default ``wf<N>``)."""
        action.action_name = name or f"wf{len(cls._transitions) + 1}"
        for other in cls._transitions:
            _check_distinct(other, action)
        cls._transitions.append(action)


def _check_distinct(old: ChangeStateAction, new: ChangeStateAction) -> None:
    """Refuse a transition that repeats the name, class or move of an existing one."""
    if old.action_name == new.action_name:
        raise ValueError(f"Duplicate transition name {new.action_name}")
    if type(new) is not ChangeStateAction and type(old) is type(new):
        raise ValueError(f"Duplicate transition class {type(new).__name__}")
    if old.target_state is new.target_state and _overlap(old.required_states, new.required_states):
        # Two buttons for the same move from the same state would be ambiguous.
        raise ValueError(f"Tried to add another transition to {new.target_state!r}")


def _overlap(a: frozenset | None, b: frozenset | None) -> bool:
    return a is None or b is None or bool(a & b)


def allowed_transitions(obj: models.Model, ar: Any = None) -> list[ChangeStateAction]:
    """The transitions the user of ``ar`` may run on ``obj`` in its current state."""
    field = workflow_field(type(obj))
    workflow = getattr(field, "choicelist", None)
    if not (isinstance(workflow, type) and issubclass(workflow, Workflow)):
        return []
    state = getattr(obj, field.name)
    return [a for a in workflow.get_transitions() if a.get_action_permission(ar, obj, state)]


# State changes (was behaviour/statechange.py)
def set_workflow_state(obj: models.Model, ar: Any, state_field: Any, target_state: Any) -> None:
    """Change ``obj``'s state to ``target_state``, running the hooks; atomic.

    Only a move that a transition of the workflow makes is allowed (else
    :class:`StateChanged`). The state is changed with a conditional ``UPDATE
    ... WHERE state = old``, so two writers changing the same row from the same
    old state cannot both win: the second gets :class:`StateChanged` and its
    hooks are rolled back. The row's lock is taken first (the lock order of
    :mod:`lino_core_model.locks`). The row is then saved with ``update_fields``: the
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
            gettext("%(model)s has no state field %(field)r.")
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
            gettext("Cannot change %(obj)s to %(state)r: not a state of %(list)s.")
            % {"obj": obj, "state": target_state, "list": state_field.choicelist.get_full_name()}
        )
    return new


def _check_move(obj: models.Model, choicelist: Any, old: Any, new: Any) -> None:
    """Refuse a move that no transition of the workflow makes."""
    if old == new:
        raise StateChanged(gettext("%(obj)s is already %(state)s.") % {"obj": obj, "state": new})
    transitions = getattr(choicelist, "get_transitions", list)()
    if not any(a.target_state is new and a.starts_from(old) for a in transitions):
        raise StateChanged(
            gettext("Cannot change %(obj)s from %(old)s to %(new)s: no transition does that.")
            % {"obj": obj, "old": old or "-", "new": new}
        )


def _changed_meanwhile(obj: models.Model, new: Any, manager: Any) -> StateChanged:
    if not manager.filter(pk=obj.pk).exists():
        return StateChanged(gettext("Cannot change %(obj)s: it no longer exists.") % {"obj": obj})
    return StateChanged(
        gettext("Cannot change %(obj)s to %(new)s: the state changed meanwhile.")
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
