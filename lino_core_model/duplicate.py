"""Duplicate a row and, cascading, its slaves, in one transaction.

A slave is a row pointing to the duplicated row through a reference whose name
is in its model's ``allow_cascaded_copy`` (default: ``allow_cascaded_delete``).
Slaves of slaves are copied too. A row reachable through several cascaded
references (an event of a client that is also an event of the client's
contract) is copied once, and its copy points to the copies on every path
(:func:`repoint_copies`); the original rows are never changed. Slaves of a
single copied row that have no slaves themselves (one query asks every reference
to them), one cascaded reference, no MTI parents and no ``on_duplicate()``
override are copied by one ``INSERT ... SELECT`` (no row loaded); any other
slave model costs one ``SELECT`` and bulk ``INSERT`` batches per level.

The original is locked (``SELECT ... FOR UPDATE``) while it is copied: one
deleted meanwhile is a :class:`DuplicateError`, never recreated as a copy.

Many-to-many links: the copy keeps the links of the m2m fields its model (or an
MTI parent) declares, as Django's "save as new" does (a copied course has the
course's tags); links declared on the other side (the students' favourite
courses) stay the original's. The rows of an explicit ``through`` model are
slaves like others: copied when their ``allow_cascaded_copy`` says so.

Unique fields: a nullable unique field is left empty in the copy; any other
unique field must be changed by ``on_duplicate()``, otherwise a
:class:`DuplicateError` names it before anything is written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connections, models, router, transaction
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext as _

from lino_core_model._ours import our_model
from lino_core_model._values import clean_values
from lino_core_model.deletion import rows_exist
from lino_core_model.deprecation import moved_names
from lino_core_model.exceptions import DuplicateError
from lino_core_model.locks import UPDATE, lock_rows
from lino_core_model.options import lino_options
from lino_core_model.references import references_to
from lino_core_model.utils import concrete_family

__all__ = ["duplicate"]

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
    """Copy ``obj`` and its cascaded slaves; return the new row.

    ``known_values`` (field name -> value) replace the copied values. Any
    value that cannot be stored, as any failure of the copy, is a
    :class:`DuplicateError` and writes nothing; so is a copy that one of
    ``ar.copy_checks`` refuses (the admin's rules for the requesting user).
    """
    keys = {f.name for p in concrete_family(type(obj)) for f in (p._meta.pk,)} | {"pk"}
    try:
        if keys & set(known_values):
            raise ValidationError(_("The copy gets a primary key of its own."))
        new = copy_values(obj, **clean_values(type(obj), known_values))
        new.on_duplicate(ar, None)
        new.full_clean()
        for check in getattr(ar, "copy_checks", ()):  # e.g. what the user may choose
            check(new)
    except ValidationError as exc:
        raise DuplicateError(
            _("Cannot duplicate %(obj)s: %(errors)s") % {"obj": obj, "errors": _errors(exc)}
        ) from exc
    model = type(obj)
    with transaction.atomic():
        # The original stays until we commit (a concurrent delete or merge waits).
        if not lock_rows(model, [obj.pk], UPDATE):
            raise DuplicateError(_("Cannot duplicate %(obj)s: it no longer exists.") % {"obj": obj})
        try:
            with transaction.atomic():
                new.save(force_insert=True)
        except (DataError, IntegrityError, ValidationError) as exc:
            errors = _errors(exc) if isinstance(exc, ValidationError) else exc
            raise DuplicateError(
                _("Cannot duplicate %(obj)s: %(errors)s") % {"obj": obj, "errors": errors}
            ) from exc
        copies: dict = {model: {obj.pk: new}}
        copy_slaves(model, copies[model], ar, copies)
        repoint_copies(copies)
        new.after_duplicate(ar, obj)
    return new


def copy_slaves(model: type[models.Model], masters: dict, ar, copies: dict) -> int:
    """Copy the slaves of the rows ``masters`` maps (old pk -> new row); return the count.

    ``copies`` maps each model to the rows copied so far (old pk -> new row): a row
    reachable through several cascaded references is copied once, through the first.
    """
    total = 0
    for ref in references_to(model):
        if not ref.copies or not hasattr(ref, "rows_to_any"):
            continue
        targets = model._base_manager.filter(pk__in=list(masters))
        if len(masters) == 1 and can_insert_select(ref) and not has_slaves(ref, targets):
            ((old_pk, new_master),) = masters.items()
            total += insert_select(ref, old_pk, new_master)
            continue
        done = copies.setdefault(ref.model, {})
        made = {n.pk for n in done.values()}  # copies still pointing to an original
        old_rows = [r for r in ref.rows_to_any(targets) if r.pk not in done and r.pk not in made]
        if not old_rows:
            continue
        new_rows = [_copy_slave(row, ref, masters, ar) for row in old_rows]
        _insert(ref.model, new_rows)
        total += len(new_rows)
        level = {old.pk: new for old, new in zip(old_rows, new_rows, strict=True)}
        done.update(level)
        total += copy_slaves(ref.model, level, ar, copies)
    return total


def repoint_copies(copies: dict) -> None:
    """Make each copy that still points to a copied original point to its copy.

    A row copied through one reference (an event through its client) may also
    point through another one to a row copied later (its contract): one
    ``UPDATE`` per such reference, never a change to an original.
    """
    for target, originals in copies.items():
        for ref in references_to(target):
            slaves = copies.get(ref.model)
            if not (slaves and ref.copies and hasattr(ref, "rows_to_any")):
                continue
            field = getattr(ref, "id_field", ref.field)  # the column holding the pointer
            new_value: dict = {}  # stored value pointing to an original -> to its copy
            rows = []
            for row in slaves.values():
                if getattr(row, field.attname) is None:
                    continue
                copy = originals.get(ref.target_pk(row))
                if copy is not None:
                    old = getattr(row, field.attname)
                    ref.point_to(row, copy)
                    new_value[old] = getattr(row, field.attname)
                    rows.append(row.pk)
            if rows:
                whens = [
                    When(**{field.attname: old}, then=Value(new, output_field=field))
                    for old, new in new_value.items()
                ]
                ref.model._base_manager.filter(pk__in=rows).update(
                    **{field.attname: Case(*whens, default=F(field.attname), output_field=field)}
                )


def can_insert_select(ref) -> bool:
    """Whether the slaves of ``ref`` can be copied without loading them."""
    Model = our_model()  # noqa: N806
    model = ref.model
    links = getattr(ref, "auto_created", False)  # an auto-created m2m link: one path only
    return (
        (links or len(lino_options(model).cascaded_copy) == 1)  # else reached another way
        and isinstance(ref.field, models.ForeignKey)
        and ref.field.target_field.primary_key
        and not model._meta.parents
        and getattr(model, "on_duplicate", Model.on_duplicate) is Model.on_duplicate
        and all(_insert_value(f) is not None for f in model._meta.concrete_fields)
    )


def has_slaves(ref, masters: models.QuerySet) -> bool:
    """Whether a row pointing through ``ref`` to ``masters`` has slaves to copy (one query
    asks every reference to them)."""
    rows = ref.rows_to_any(masters)
    copied = [r for r in references_to(ref.model) if r.copies and hasattr(r, "rows_to_any")]
    slaves = [r.rows_to_any(rows) for r in copied]
    return any(rows_exist(slaves, masters.db))


_COPY, _NULL, _NOW = "copy", "null", "now"


def _insert_value(field: models.Field) -> str | None:
    """How ``INSERT ... SELECT`` fills ``field``; None: it cannot (a custom ``pre_save``)."""
    if field.unique and field.null:
        return _NULL  # as copy_values(): a nullable unique field stays empty
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return _NOW
    if type(field).pre_save in (
        models.Field.pre_save,
        models.DateField.pre_save,
        models.DateTimeField.pre_save,
        models.TimeField.pre_save,
    ):
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
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {table} WHERE {quote(ref.field.column)} = %s"
    )
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(sql, [*params, old_pk])
            return cursor.rowcount
    except IntegrityError as exc:
        raise DuplicateError(
            _("Cannot duplicate the %(slaves)s: %(error)s")
            % {"slaves": model._meta.verbose_name_plural, "error": exc}
        ) from exc


def _copy_slave(row: models.Model, ref, masters: dict, ar) -> models.Model:
    master = masters[ref.target_pk(row)]
    new = copy_values(row)
    ref.point_to(new, master)
    hook = getattr(new, "on_duplicate", None)  # a plain model's row (an m2m link) has none
    if hook is not None:
        hook(ar, master)
    return new


def _insert(model: type[models.Model], rows: list[models.Model]) -> None:
    try:
        with transaction.atomic():
            if model._meta.parents:  # bulk_create cannot insert MTI children
                for row in rows:
                    row.save(force_insert=True)
            else:
                model._base_manager.bulk_create(rows, batch_size=BATCH_SIZE)
    except (DataError, IntegrityError, ValidationError) as exc:
        raise DuplicateError(
            _("Cannot duplicate the %(slaves)s: %(error)s")
            % {"slaves": model._meta.verbose_name_plural, "error": exc}
        ) from exc


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


#: Names that moved to another front door (they import from here with a warning).
__getattr__ = moved_names(__name__, {"Duplicate": "lino_core_model.actions"})
