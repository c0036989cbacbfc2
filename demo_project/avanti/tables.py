"""The avanti clients, with the client parameters of lino_clients."""

from __future__ import annotations

from lino_core_model.tables import Table

from .models import Client


class Clients(Table):
    model = Client
    column_names = "name client_state user id"
    parameters = Client.get_parameter_fields()
