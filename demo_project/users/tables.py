"""The messages of the demo users."""

from __future__ import annotations

from lino_core_model.tables import Table


class Messages(Table):
    model = "users.Message"
    column_names = "user subject seen"
    order_by = "created id"


class MyMessages(Messages):
    master_key = "user"
    column_names = "created subject"
