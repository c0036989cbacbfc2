"""Row locks: a new row's foreign keys name rows that exist and stay until commit.

The lock order of our operations, which keeps them free of deadlocks with each
other: a master row before its slaves; several rows of one table in primary
key order (merge locks both rows, delete the rows it deletes, with their MTI
parent rows, see :func:`lock_rows`; ``checksummaries`` the masters of a chunk);
a saved row locks the rows its foreign keys name before it is written.

PostgreSQL checks a foreign key at commit (Django creates them deferred), so a
row inserted for a client that a concurrent merge or delete removes fails with a
raw ``IntegrityError`` there, and a delete that collected its slaves before the
insert fails likewise; so does a row saved with a stale foreign key (its client
merged away since it was read). :func:`lock_targets` takes a share lock on each named
row first (``FOR KEY SHARE`` on PostgreSQL, ``LOCK IN SHARE MODE`` on MariaDB,
which only conflict with a delete or a merge of that row): the insert waits for
such an operation and then gets a clear ``ValidationError``, or the operation
waits for the insert and then sees the new row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils.translation import gettext as _

from .utils import concrete_family

SHARE_LOCK = {"postgresql": " FOR KEY SHARE", "mysql": " LOCK IN SHARE MODE"}


def lock_targets(obj: models.Model, using: str, update_fields=None) -> None:
    """Share-lock the rows that the foreign keys and GFKs of ``obj`` being saved (only
    ``update_fields`` if given) name; ``ValidationError`` for a missing one."""
    connection = connections[using]
    quote = connection.ops.quote_name
    suffix = SHARE_LOCK.get(connection.vendor, "")
    errors = {}
    for name, label, target, value in _targets(obj, update_fields):
        table = quote(target.model._meta.db_table)
        sql = f"SELECT 1 FROM {table} WHERE {quote(target.column)} = %s{suffix}"
        with connection.cursor() as cursor:
            cursor.execute(sql, [target.get_db_prep_value(value, connection)])
            if cursor.fetchone() is None:
                errors[name] = (
                    _("The %(name)s no longer exists.") % {"name": label.lower()}
                    if label
                    else _("The row it names no longer exists.")
                )
    if errors:
        raise ValidationError(errors)


def _targets(obj: models.Model, update_fields) -> Iterator[tuple[str, str, models.Field, Any]]:
    """(name, label, target field, value) of each row a foreign key or GFK of ``obj`` names."""
    saved = None if update_fields is None else set(update_fields)
    meta = obj._meta
    for field in meta.concrete_fields:
        if not field.many_to_one and not field.one_to_one or field.remote_field.parent_link:
            continue
        value = getattr(obj, field.attname)
        if value is not None and (saved is None or {field.name, field.attname} & saved):
            yield field.name, str(field.verbose_name), field.target_field, value
    for gfk in meta.private_fields:  # GenericForeignKey: no database constraint at all
        if not hasattr(gfk, "ct_field") or not hasattr(gfk, "fk_field"):
            continue
        ct_field, id_field = meta.get_field(gfk.ct_field), meta.get_field(gfk.fk_field)
        ct_id, value = getattr(obj, ct_field.attname), getattr(obj, id_field.attname)
        if (
            ct_id is None
            or value is None
            or (
                saved is not None and not ({ct_field.name, ct_field.attname, id_field.name} & saved)
            )
        ):
            continue
        model = ct_field.related_model.objects.get_for_id(ct_id).model_class()
        if model is not None:
            pk = model._meta.pk
            yield gfk.name, "", pk, pk.to_python(value)  # its label names no kind of row


def exists(obj: models.Model, using: str) -> bool:
    """Whether the row of ``obj`` is (still) in the database."""
    return obj.pk is not None and type(obj)._base_manager.using(using).filter(pk=obj.pk).exists()


def lock_rows(qs: models.QuerySet) -> list:
    """``SELECT ... FOR UPDATE`` the rows of ``qs`` and their MTI parent rows (a row
    pointing to a parent, e.g. a note to a client's partner row, locks that one),
    table by table from the child, in primary key order; their primary keys."""
    pks = list(qs.select_for_update().order_by("pk").values_list("pk", flat=True))
    for parent in concrete_family(qs.model)[1:]:
        list(
            parent._base_manager.using(qs.db)
            .select_for_update()
            .filter(pk__in=pks)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return pks
