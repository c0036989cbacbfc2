"""Row locks that hold until the end of the transaction, the same way on every path.

A row of a multi-table family is locked through the row of its MTI root (the
row every table of the family shares): locking a ``Client`` and locking its
``Partner`` row conflict. ``UPDATE`` takes the lock a delete or merge of the
row takes; ``WRITE`` is what a writer of the row's own fields takes (a state
change, the primary-coach switch, the summaries: ``FOR NO KEY UPDATE`` on
PostgreSQL, which lets rows pointing to it be inserted meanwhile, ``FOR UPDATE``
on MariaDB); ``SHARE`` is what a row that points to it takes (``lock_targets``,
``FOR KEY SHARE`` on PostgreSQL, which ordinary updates of the row do not wait
for, ``LOCK IN SHARE MODE`` on MariaDB). SQLite serialises writers and has no
row locks: the query only reads.

The lock order of our operations (docs/guide/operations.rst), which keeps them
free of deadlocks with each other: an operation first locks the rows it changes
or deletes, in one statement, in primary key order (merge both rows, delete the
rows it deletes, a state change its row, the primary-coach switch the client,
``checksummaries`` the masters of a chunk), then their slaves; a saved row
share-locks the rows its foreign keys name before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import DatabaseError, connections, models, router
from django.utils.translation import gettext as _

from lino_core_model.utils import compile_per_pk, concrete_family

__all__ = [
    "SHARE",
    "UPDATE",
    "WRITE",
    "exists",
    "is_lock_conflict",
    "lock_for_delete",
    "lock_for_write",
    "lock_rows",
    "lock_targets",
]

#: The ``mode`` of :func:`lock_rows` that a delete or a merge of the row takes.
UPDATE = "update"
#: The ``mode`` that a writer of the row's own fields takes.
WRITE = "write"
#: The ``mode`` that a row pointing to the locked row takes.
SHARE = "share"

SHARE_SQL = {"postgresql": " FOR KEY SHARE", "mysql": " LOCK IN SHARE MODE"}


def lock_rows(
    model: type[models.Model],
    pks: Iterable[Any],
    mode: str | None = UPDATE,
    using: str | None = None,
) -> set:
    """Lock the rows of ``model`` with primary keys ``pks`` (``mode`` None: no lock);
    return the primary keys that exist. ``pks`` may be a ``values("pk")`` queryset.
    Rows are locked in primary key order."""
    using = using or router.db_for_write(model)
    pks = pks if isinstance(pks, models.QuerySet) else list(pks)
    if isinstance(pks, list) and len(pks) == 1 and mode is not None:
        return lock_one_row(model, pks[0], mode, using)
    root_pk = concrete_family(model)[-1]._meta.pk
    query = lock_query(model, pks, mode, using)
    return {root_pk.to_python(pk) for (pk,) in execute_lock(query, using)}


def lock_query(
    model: type[models.Model], pks, mode: str | None, using: str
) -> tuple[str, list] | None:
    """The SQL (and parameters) of :func:`lock_rows`; None when no row can match."""
    root = concrete_family(model)[-1]
    rows = root._base_manager.using(using).filter(pk__in=pks)
    if model is not root:  # the rows of the child table, in the same statement
        rows = root._base_manager.using(using).filter(
            pk__in=model._base_manager.using(using).filter(pk__in=pks).values("pk")
        )
    rows = rows.order_by("pk").values_list("pk", flat=True)
    if mode == UPDATE:
        rows = rows.select_for_update()
    elif mode == WRITE:
        no_key = connections[using].features.has_select_for_no_key_update
        rows = rows.select_for_update(no_key=no_key)
    try:
        sql, params = rows.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:  # e.g. a key list or subquery that cannot match: no row
        return None
    if mode == SHARE:
        sql += SHARE_SQL.get(connections[using].vendor, "")
    return sql, list(params)


def execute_lock(query: tuple[str, list] | None, using: str) -> list[tuple]:
    if query is None:
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(*query)
        return cursor.fetchall()


#: The lock of one row per (database, model, mode), compiled once (``compile_per_pk``):
#: the lock of a single row (a delete, a state change) is the most frequent and its
#: SQL is the same for every row of the model but for the key. None where it is not.
_one_row_sql: dict = {}


def lock_one_row(model: type[models.Model], pk: Any, mode: str, using: str) -> set:
    """:func:`lock_rows` of the row ``pk`` of ``model``."""
    key = (using, model, mode)
    if key not in _one_row_sql:
        _one_row_sql[key] = compile_per_pk(lambda key_: lock_query(model, [key_], mode, using))
    bind = _one_row_sql[key]
    # outside a transaction, the compiler refuses FOR UPDATE (TransactionManagementError)
    compile_now = mode != SHARE and connections[using].get_autocommit()
    if bind is None or not isinstance(pk, int) or compile_now:
        query = lock_query(model, [pk], mode, using)
    else:
        query = bind(pk)
    root_pk = concrete_family(model)[-1]._meta.pk
    return {root_pk.to_python(found) for (found,) in execute_lock(query, using)}


def lock_for_delete(model: type[models.Model], pks: Iterable[Any], using: str) -> None:
    """Lock rows about to be deleted, before their references are looked for, so that
    a row pointing to one of them either commits first or fails. No query where the
    database has no row locks (SQLite: a writer that read before another's commit
    cannot write)."""
    if connections[using].features.has_select_for_update:
        lock_rows(model, pks, UPDATE, using)


def lock_for_write(model: type[models.Model], pks: Iterable[Any], using: str) -> None:
    """Lock rows whose own fields are about to be written (``WRITE``), first in the
    transaction: the lock order. No query where the database has no row locks."""
    if connections[using].features.has_select_for_update:
        lock_rows(model, pks, WRITE, using)


#: PostgreSQL: serialization failure, deadlock detected, lock not available (``lock_timeout``).
CONFLICT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
#: MariaDB/MySQL: lock wait timeout, deadlock found.
CONFLICT_MYSQL_CODES = frozenset({1205, 1213})


def is_lock_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` is a database error that retrying the transaction may cure:
    a deadlock, a serialization failure or a lock wait that timed out."""
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state in CONFLICT_SQLSTATES:
        return True
    return isinstance(exc, DatabaseError) and bool(exc.args) and exc.args[0] in CONFLICT_MYSQL_CODES


def lock_targets(obj: models.Model, using: str, update_fields=None) -> None:
    """``SHARE``-lock the rows that the foreign keys of ``obj`` being saved (only
    ``update_fields`` if given) name; ``ValidationError`` for a missing one.

    PostgreSQL checks a foreign key at commit (Django creates them deferred): a
    row saved for a client that a concurrent merge or delete removes (or saved
    with a stale foreign key) would fail there with a raw ``IntegrityError``, and
    so would a delete that collected its slaves before the insert. Locked first,
    the save waits for such an operation and gets this clear error, or the
    operation waits for the save and then sees the row. (GFK owners: lino_gfks.)
    """
    saved = None if update_fields is None else set(update_fields)
    errors = {}
    for field in obj._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.remote_field.parent_link:
            continue
        value = getattr(obj, field.attname)
        if value is None or (saved is not None and not {field.name, field.attname} & saved):
            continue
        model, target = field.related_model, field.target_field
        keys = [value] if target.primary_key else (
            model._base_manager.using(using).filter(**{target.attname: value}).values("pk"))
        if not lock_rows(model, keys, SHARE, using):
            errors[field.name] = _("The %(name)s no longer exists.") % {
                "name": str(field.verbose_name).lower()}
    if errors:
        raise ValidationError(errors)


def exists(obj: models.Model, using: str) -> bool:
    """Whether the row of ``obj`` is (still) in the database."""
    return obj.pk is not None and type(obj)._base_manager.using(using).filter(pk=obj.pk).exists()
