"""Hooks a user interface (the admin, a table, a script) calls on our models.

``save_new_instance`` and ``save_existing_instance`` are the insert and update
sequences of Lino: signals and hooks around one save, inside a transaction.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import transaction

from lino_core_model import signals
from lino_core_model.changes import ChangeWatcher
from lino_core_model.utils import split_names

__all__ = ["UIHooks"]


class UIHooks:
    """Mixed into ``Model``: the UI hooks and the class-level UI options."""

    # The public, stable path that migrations name as a base of our models
    # (the class may move; ``lino_core_model.models.UIHooks`` stays).
    __module__ = "lino_core_model.models"

    active_fields: frozenset[str] = frozenset()
    hidden_elements: frozenset[str] = frozenset()
    preferred_foreignkey_width: int | None = None
    _widget_options: dict = {}

    # -- per-row hooks ----------------------------------------------------
    # Cooperative: where a class after ours in the bases has the hook (Lino's Model,
    # in a client built on Lino's Person), its version runs too: Lino's HTML
    # cleaning stays in force. (Lino's row permissions need Lino's own request and
    # action: lino_adapter combines them with ours.)
    def on_create(self, ar) -> None:
        """Set defaults that depend on the request on a new unsaved row."""
        _next(self, "on_create", ar)

    def before_ui_save(self, ar, cw: ChangeWatcher | None) -> None:
        """Called before a UI save (``cw`` is None for a new row)."""
        _next(self, "before_ui_save", ar, cw)

    def after_ui_save(self, ar, cw: ChangeWatcher | None) -> None:
        """Called after a UI save; sends ``post_ui_save``."""
        signals.post_ui_save.send(sender=type(self), instance=self, ar=ar, cw=cw)
        _next(self, "after_ui_save", ar, cw)

    def after_ui_create(self, ar) -> None:
        """Called after a new row was saved through the UI."""
        _next(self, "after_ui_create", ar)

    def save_new_instance(self, ar) -> None:
        """The insert sequence; atomic. The constraints are checked after the
        hooks, which may have changed the row."""
        with transaction.atomic():
            signals.pre_ui_save.send(sender=type(self), instance=self, ar=ar)
            self.before_ui_save(ar, None)
            self.validate_constraints()
            self.save(force_insert=True)
            signals.on_ui_created.send(sender=self, ar=ar)
            self.after_ui_create(ar)
            self.after_ui_save(ar, None)

    def save_existing_instance(self, ar, cw: ChangeWatcher) -> None:
        """The update sequence (``cw`` taken before the edit); atomic. The row is
        validated after the hooks, which may have changed it."""
        with transaction.atomic():
            signals.pre_ui_save.send(sender=type(self), instance=self, ar=ar)
            self.before_ui_save(ar, cw)
            self.full_clean()
            if cw.is_dirty():
                self.save()
                signals.on_ui_updated.send(sender=type(self), watcher=cw, ar=ar)
            self.after_ui_save(ar, cw)

    def get_row_permission(self, ar, state, ba) -> bool:
        """Whether ``ar`` may run action ``ba`` on this row (override to restrict)."""
        return True

    def disabled_fields(self, ar) -> set[str]:
        """Names of fields (or actions) not editable on this row for ``ar``."""
        return set()

    # -- class-level options ----------------------------------------------
    @classmethod
    def define_action(cls, **kwargs) -> None:
        """Add actions (or other attributes) that the class has not, not even inherited.

        A subclass may give its own instance of the action class it inherits
        (Lino's start-up gives every model its own ``merge_row``)."""
        for name, value in kwargs.items():
            if name in cls.__dict__ or (
                hasattr(cls, name) and type(getattr(cls, name)) is not type(value)
            ):
                raise ImproperlyConfigured(f"Tried to redefine {cls.__name__}.{name}")
            if hasattr(value, "__set_name__"):
                value.__set_name__(cls, name)
            setattr(cls, name, value)

    @classmethod
    def hide_elements(cls, *names: str) -> None:
        """Hide the named fields in every UI (they stay in the database)."""
        for name in names:
            if not _has_element(cls, name):
                raise ImproperlyConfigured(f"{cls.__name__} has no element {name!r}")
        cls.hidden_elements = split_names(cls.hidden_elements) | set(names)

    @classmethod
    def add_active_field(cls, names) -> None:
        cls.active_fields = split_names(cls.active_fields) | split_names(names)

    @classmethod
    def set_widget_options(cls, name: str, **options) -> None:
        """Default widget options (``width``, ``label``, ``editable``...) of a field."""
        if not _has_element(cls, name):
            raise ImproperlyConfigured(f"{cls.__name__} has no element {name!r}")
        merged = {k: dict(v) for k, v in cls._widget_options.items()}
        merged.setdefault(name, {}).update(options)
        cls._widget_options = merged  # copy on write: a subclass never changes its parent

    @classmethod
    def get_widget_options(cls, name: str, **options) -> dict:
        return {**cls._widget_options.get(name, {}), **options}

    @classmethod
    def add_param_filter(cls, qs, lookup_prefix: str = "", **kwargs):
        """Apply table parameter values to ``qs`` (override to handle your own)."""
        return qs.filter(**{lookup_prefix + k: v for k, v in kwargs.items()})

    @classmethod
    def get_request_queryset(cls, ar=None, **filter):
        """The base queryset of tables on this model."""
        user = getattr(ar, "user", None)
        return cls.get_user_queryset(user, **filter)

    @classmethod
    def get_user_queryset(cls, user, **filter):
        """The rows ``user`` may see (override for row-level filtering)."""
        return cls._default_manager.filter(**filter)


def _next(obj: UIHooks, name: str, *args) -> None:
    """Call hook ``name`` of the class after ``UIHooks`` in ``obj``'s bases, if one has it."""
    method = getattr(super(UIHooks, obj), name, None)
    if method is not None:
        method(*args)


def _has_element(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
        return True
    except FieldDoesNotExist:
        return hasattr(model, name)
