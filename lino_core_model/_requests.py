"""``ActionRequest``: who asks for which rows of which table, and what they were told.

The ``ar`` argument of Lino's hooks. A script or a doctest gets one from
``rt.login(username)``; a view can build one from its ``HttpRequest``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from lino_core_model._render_text import show


class ActionRequest:
    """A request on a table (or on nothing): user, master, filters and messages."""

    def __init__(
        self,
        table: Any = None,
        user: Any = None,
        master_instance: Any = None,
        request: Any = None,
        param_values: dict[str, Any] | None = None,
        quick_search: str | None = None,
        selected_rows: Iterable[Any] | None = None,
        limit: int | None = None,
        offset: int | None = None,
        copy_checks: Iterable[Callable[[models.Model], None]] = (),
    ) -> None:
        if user is None and request is not None:
            user = getattr(request, "user", None)
        self.table = table
        self.user = user
        self.master_instance = master_instance
        self.request = request
        self.param_values = dict(param_values or {})
        self.quick_search = quick_search
        self.selected_rows = list(selected_rows or [])
        self.limit = limit
        self.offset = offset
        #: Called with the new row of a duplicate before anything is written; a
        #: ``ValidationError`` refuses the copy (the view's own rules, e.g. the
        #: admin's choice of GFK owners, see ``lino_gfks.admin``).
        self.copy_checks = list(copy_checks)
        self.messages: list[tuple[str, str]] = []
        self.response: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.table!r} user={self.user!r}>"

    def get_user(self) -> Any:
        """The user who makes this request (None in a script without login)."""
        return self.user

    # -- rows ---------------------------------------------------------------
    def get_queryset(self) -> models.QuerySet:
        """The table's rows for this request (filtered, ordered, not sliced)."""
        if self.table is None:
            raise ValueError("This request has no table.")
        return self.table.get_request_queryset(self)

    def get_data_iterator(self) -> Iterable[Any]:
        """The rows to show: the queryset (or the choicelist items), sliced by offset/limit."""
        if self.table is None:
            raise ValueError("This request has no table.")
        getter = getattr(self.table, "get_list_items", None)
        rows = list(getter()) if getter is not None else self.get_queryset()
        start = self.offset or 0
        if self.limit is not None:
            return rows[start : start + self.limit]
        return rows[start:] if start else rows

    def get_total_count(self) -> int:
        """The number of rows, ignoring offset and limit."""
        getter = getattr(self.table, "get_list_items", None)
        if getter is not None:
            return len(list(getter()))
        return self.get_queryset().count()

    # -- spawning and showing -------------------------------------------------
    def spawn(self, table: Any, master_instance: Any = None, **kwargs: Any) -> ActionRequest:
        """A request on another table by the same user."""
        kwargs.setdefault("user", self.user)
        kwargs.setdefault("request", self.request)
        return ActionRequest(table, master_instance=master_instance, **kwargs)

    def show(self, table: Any, master_instance: Any = None, **kwargs: Any) -> None:
        """Print ``table`` (a table or a choicelist) as an rst table.

        Inside a Lino site, a Lino actor prints through Lino's ``show``: Lino's
        own, or the one :mod:`lino_core_model.lino_adapter` derived from ``table``.
        """
        self.check_view_permission(table)
        actor = lino_actor(table)
        if actor is not None:
            from lino.api import rt as lino_rt

            return lino_rt.login().show(actor, master_instance, **kwargs)
        show(self.spawn(table, master_instance, **kwargs))

    def check_view_permission(self, table: Any) -> None:
        """Refuse a table that the requesting user may not view.

        A request without a user (a script, ``rt.show``) is trusted; one made by
        ``rt.login(username)`` or from a web request sees only what its user may view.
        """
        check = getattr(table, "get_view_permission", None)
        if self.user is not None and check is not None and not check(self.user):
            raise PermissionDenied(f"{self.user} may not view {table}.")

    def obj2str(self, obj: Any) -> str:
        """The text that represents ``obj`` in messages and text output."""
        return str(obj)

    # -- messages -------------------------------------------------------------
    def success(self, msg: Any = None, **kwargs: Any) -> None:
        """Report success (with an optional message)."""
        self.response.update(success=True, **kwargs)
        if msg is not None:
            self.messages.append(("success", str(msg)))

    def info(self, msg: Any) -> None:
        self.messages.append(("info", str(msg)))

    def warning(self, msg: Any) -> None:
        self.messages.append(("warning", str(msg)))

    def error(self, msg: Any = None, **kwargs: Any) -> None:
        """Report failure (with an optional message)."""
        self.response.update(success=False, **kwargs)
        if msg is not None:
            self.messages.append(("error", str(msg)))

    def set_response(self, **kwargs: Any) -> None:
        self.response.update(kwargs)


def lino_actor(table: Any) -> type | None:
    """The Lino actor that shows ``table`` (None outside a Lino site)."""
    actors = sys.modules.get("lino.core.actors")  # never imported here: Lino is optional
    found = vars(table).get("lino_actor", table) if isinstance(table, type) else None
    if actors is not None and isinstance(found, type) and issubclass(found, actors.Actor):
        return found
    return None


__all__ = ["ActionRequest", "lino_actor"]
