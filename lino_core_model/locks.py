"""Row locks that hold until the end of the transaction, the same way on every path.

A row of a multi-table family is locked through the row of its MTI root (the
row every table of the family shares): locking a ``Client`` and locking its
``Partner`` row conflict. ``UPDATE`` takes the lock a delete or merge of the
row takes; ``SHARE`` is what a row that points to it takes (``FOR KEY SHARE``
on PostgreSQL, which ordinary updates of the row do not wait for, ``LOCK IN
SHARE MODE`` on MariaDB). SQLite serialises writers and has no row locks: the
query only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, models, router

from .utils import concrete_family

__all__ = ["SHARE", "UPDATE", "lock_for_delete", "lock_rows"]

UPDATE = "update"
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
    root = concrete_family(model)[-1]
    rows = root._base_manager.using(using).filter(pk__in=pks)
    if model is not root:  # the rows of the child table, in the same statement
        rows = root._base_manager.using(using).filter(
            pk__in=model._base_manager.using(using).filter(pk__in=pks).values("pk")
        )
    rows = rows.order_by("pk").values_list("pk", flat=True)
    if mode == UPDATE:
        return set(rows.select_for_update())
    if mode == SHARE:
        sql, params = rows.query.sql_with_params()
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql + SHARE_SQL.get(connection.vendor, ""), params)
            return {root._meta.pk.to_python(pk) for (pk,) in cursor.fetchall()}
    return set(rows)


def lock_for_delete(model: type[models.Model], pks: Iterable[Any], using: str) -> None:
    """Lock rows about to be deleted, before their references are looked for, so that
    a row pointing to one of them either commits first or fails. No query where the
    database has no row locks (SQLite: a writer that read before another's commit
    cannot write)."""
    if connections[using].features.has_select_for_update:
        lock_rows(model, pks, UPDATE, using)
