"""Duplicate a row and, cascading, its slaves, in one transaction.

A slave is a row pointing to the duplicated row through a reference whose name
is in its model's ``allow_cascaded_copy`` (default: ``allow_cascaded_delete``).
Slaves of slaves are copied too. Slaves of a single copied row that have no slaves
themselves (one ``EXISTS`` per reference to them), no MTI parents and no
``on_duplicate()`` override are copied by one ``INSERT ... SELECT`` (no row
loaded); any other slave model costs one ``SELECT`` and bulk ``INSERT``
batches per level.

Unique fields: a nullable unique field is left empty in the copy; any other
unique field must be changed by ``on_duplicate()``, otherwise a
:class:`DuplicateError` names it before anything is written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .actions import Action
from .exceptions import DuplicateError
from .references import references_to
from .utils import concrete_family

BATCH_SIZE = 1000


def copy_values(obj: models.Model, **known_values) -> models.Model:
    """An unsaved copy of ``obj`` (all its MTI parents included) without primary keys."""
    model = type(obj)
    keys = {p._meta.pk.attname for p in concrete_family(model)}
    values = {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if f.attname not in keys and not (f.unique and f.null)
    }
    for name, value in known_values.items():
        values.pop(model._meta.get_field(name).attname, None)
        values[name] = value
    return model(**values)


def duplicate(obj: models.Model, ar=None, **known_values) -> models.Model:
    """Copy ``obj`` and its cascaded slaves; return the new row."""
    new = copy_values(obj, **known_values)
    new.on_duplicate(ar, None)
    try:
        new.full_clean()
    except ValidationError as exc:
        raise DuplicateError(
            _("Cannot duplicate %(obj)s: %(errors)s") % {"obj": obj, "errors": _errors(exc)}
        ) from exc
    with transaction.atomic():
        new.save(force_insert=True)
        copy_slaves(type(obj), {obj.pk: new}, ar)
        new.after_duplicate(ar, obj)
    return new


def copy_slaves(model: type[models.Model], copies: dict, ar) -> int:
    """Copy the slaves of the rows ``copies`` maps (old pk -> new row); return the count."""
    total = 0
    for ref in references_to(model):
        if not ref.copies or not hasattr(ref, "rows_to_any"):
            continue
        masters = model._base_manager.filter(pk__in=list(copies))
        if len(copies) == 1 and can_insert_select(ref) and not has_slaves(ref, masters):
            ((old_pk, new_master),) = copies.items()
            total += insert_select(ref, old_pk, new_master)
            continue
        old_rows = list(ref.rows_to_any(masters))
        if not old_rows:
            continue
        new_rows = [_copy_slave(row, ref, copies, ar) for row in old_rows]
        _insert(ref.model, new_rows)
        total += len(new_rows)
        pairs = zip(old_rows, new_rows, strict=True)
        total += copy_slaves(ref.model, {old.pk: new for old, new in pairs}, ar)
    return total


def can_insert_select(ref) -> bool:
    """Whether the slaves of ``ref`` can be copied without loading them."""
    from .models import Model

    model = ref.model
    return (
        isinstance(ref.field, models.ForeignKey)
        and ref.field.target_field.primary_key
        and not model._meta.parents
        and getattr(model, "on_duplicate", None) is Model.on_duplicate
        and all(_insert_value(f) is not None for f in model._meta.concrete_fields)
    )


def has_slaves(ref, masters: models.QuerySet) -> bool:
    """Whether a row pointing through ``ref`` to ``masters`` has slaves to copy (EXISTS each)."""
    rows = ref.rows_to_any(masters)
    return any(
        r.rows_to_any(rows).exists()
        for r in references_to(ref.model)
        if r.copies and hasattr(r, "rows_to_any")
    )


_COPY, _NULL, _NOW = "copy", "null", "now"


def _insert_value(field: models.Field) -> str | None:
    """How ``INSERT ... SELECT`` fills ``field``; None: it cannot (a custom ``pre_save``)."""
    if field.unique and field.null:
        return _NULL  # as copy_values(): a nullable unique field stays empty
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return _NOW
    if type(field).pre_save in (models.Field.pre_save, models.DateField.pre_save,
                                models.DateTimeField.pre_save, models.TimeField.pre_save):
        return _COPY
    return None


def insert_select(ref, old_pk, new_master: models.Model) -> int:
    """Copy the rows pointing to ``old_pk`` through ``ref`` to ``new_master``: one statement."""
    model = ref.model
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.generated:
            continue
        columns.append(quote(field.column))
        how = _insert_value(field)
        if field is ref.field:
            values.append("%s")
            params.append(new_master.pk)
        elif how == _COPY:
            values.append(quote(field.column))
        else:
            values.append("%s")
            value = field.pre_save(model(), add=True) if how == _NOW else None
            params.append(field.get_db_prep_save(value, connection))
    table = quote(model._meta.db_table)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
           f"FROM {table} WHERE {quote(ref.field.column)} = %s")
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(sql, [*params, old_pk])
            return cursor.rowcount
    except IntegrityError as exc:
        raise DuplicateError(
            _("Cannot duplicate the %(slaves)s: %(error)s")
            % {"slaves": model._meta.verbose_name_plural, "error": exc}
        ) from exc


def _copy_slave(row: models.Model, ref, copies: dict, ar) -> models.Model:
    master = copies[ref.target_pk(row)]
    new = copy_values(row)
    ref.point_to(new, master)
    new.on_duplicate(ar, master)
    return new


def _insert(model: type[models.Model], rows: list[models.Model]) -> None:
    try:
        with transaction.atomic():
            if model._meta.parents:  # bulk_create cannot insert MTI children
                for row in rows:
                    row.save(force_insert=True)
            else:
                model._base_manager.bulk_create(rows, batch_size=BATCH_SIZE)
    except IntegrityError as exc:
        raise DuplicateError(
            _("Cannot duplicate the %(slaves)s: %(error)s")
            % {"slaves": model._meta.verbose_name_plural, "error": exc}
        ) from exc


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


class Duplicate(Action):
    """The "Duplicate" action: insert a copy of the row (with its slaves)."""

    label = _lazy("Duplicate")
    button_text = "🗗"
    readonly = False

    def run_from_code(self, ar, obj=None, **known_values) -> str:
        self.check_permission(ar, obj)
        new = obj.duplicate(ar, **known_values)
        return _("Duplicated %(old)s to %(new)s.") % {"old": obj, "new": new}
