"""The calendar entries of a client."""

from __future__ import annotations

from lino_core_model.tables import Table


class EventsByClient(Table):
    model = "cal.Event"
    master_key = "client"
    column_names = "start_date summary user contract"
