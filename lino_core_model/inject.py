"""Add a field to (or change a field of) another app's model at class preparation.

``inject_field("contacts.Partner", "client_contact_type", ForeignKey(...))`` is
what Lino calls "the clients plugin injects the field client_contact_type into
contacts.Partner". Call it while the models are being imported, e.g. at the top
of the injecting app's ``models.py``: when the target model is already
prepared the field is added at once, otherwise as soon as Django prepares it
(``class_prepared``). After the app registry is ready it raises
``ImproperlyConfigured``: by then relations, admin checks and the migration
state may have been built without the field.

The explicit alternative is an abstract mixin carrying the same field, which
the host project's model inherits (``class Partner(ClientContactTypeMixin,
Model)``). Prefer it where you own the host model. Either way the field
belongs to the *host* model, so it is the host project's migrations that
create the column (run ``makemigrations`` for the host app).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Field, Model
from django.db.models.signals import class_prepared

ModelSpec = type[Model] | str
Operation = Callable[[type[Model]], None]

#: Operations waiting for a model not yet prepared, by (app_label, model_name).
_pending: defaultdict[tuple[str, str], list[Operation]] = defaultdict(list)


def inject_field(model_spec: ModelSpec, name: str, field: Field, doc: str | None = None) -> None:
    """Add ``field`` as ``name`` to the model ``model_spec`` (class or ``"app_label.Model"``).

    ``doc`` becomes the field's ``help_text`` unless it has one.
    """
    if not isinstance(field, Field):
        raise TypeError(f"inject_field({model_spec!r}, {name!r}): {field!r} is not a model field.")
    if doc and not field.help_text:
        field.help_text = doc

    def contribute(model: type[Model]) -> None:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            pass
        else:
            raise ImproperlyConfigured(
                f"Cannot inject field {name!r} into {model._meta.label}: it already has one."
            )
        field.contribute_to_class(model, name)
        _expire_caches(model)

    _schedule(model_spec, contribute, f"inject_field({model_spec!r}, {name!r})")


def update_field(model_spec: ModelSpec, name: str, **attrs: Any) -> None:
    """Change attributes (``verbose_name``, ``blank``, ``null``, ...) of a field of a model.

    The field must be defined on the model itself (or come from an abstract parent).
    """

    def update(model: type[Model]) -> None:
        local = {f.name: f for f in (*model._meta.local_fields, *model._meta.local_many_to_many)}
        if name not in local:
            raise FieldDoesNotExist(
                f"update_field: {model._meta.label} has no field {name!r} of its own. "
                f"Its fields are: {', '.join(sorted(local))}"
            )
        field = local[name]
        for attr, value in attrs.items():
            if not hasattr(field, attr):
                raise TypeError(
                    f"update_field: {type(field).__name__} {model._meta.label}.{name} "
                    f"has no attribute {attr!r}."
                )
            setattr(field, attr, value)
        _expire_caches(model)

    _schedule(model_spec, update, f"update_field({model_spec!r}, {name!r})")


def pending_injections() -> list[str]:
    """Labels of the models still waiting for an injection (their class was never prepared)."""
    return sorted(f"{app_label}.{model_name}" for app_label, model_name in _pending)


def _schedule(model_spec: ModelSpec, operation: Operation, what: str) -> None:
    """Run ``operation`` on the model now if it is prepared, else when it is."""
    if apps.ready:
        raise ImproperlyConfigured(
            f"{what} was called after the app registry was ready. Call it while the "
            "models are imported (e.g. in the injecting app's models.py), or let the host "
            "model inherit an abstract mixin carrying the field."
        )
    if isinstance(model_spec, str):
        try:
            app_label, model_name = model_spec.split(".")
        except ValueError:
            raise ValueError(
                f"{what}: model must be a class or 'app_label.ModelName', not {model_spec!r}."
            ) from None
        model = apps.all_models[app_label].get(model_name.lower())
        if model is None:
            class_prepared.connect(_on_class_prepared, dispatch_uid=__name__)
            _pending[app_label, model_name.lower()].append(operation)
            return
    elif isinstance(model_spec, type) and issubclass(model_spec, Model):
        model = model_spec
    else:
        raise TypeError(f"{what}: {model_spec!r} is neither a model class nor a model label.")
    if model._meta.abstract:
        raise ImproperlyConfigured(
            f"{what}: {model.__name__} is abstract; add the field to the class itself."
        )
    operation(model)


def _on_class_prepared(sender: type[Model], **kwargs: Any) -> None:
    for operation in _pending.pop((sender._meta.app_label, sender._meta.model_name), []):
        operation(sender)


def _expire_caches(model: type[Model]) -> None:
    """Forget the cached field lists of ``model`` and of its already-prepared subclasses."""
    for app_models in list(model._meta.apps.all_models.values()):
        for other in list(app_models.values()):
            if issubclass(other, model):
                other._meta._expire_cache()
    model._meta._expire_cache()

__all__ = ["inject_field", "pending_injections", "update_field"]
