"""The application's own Lino table of clients, with our contacts and coachings."""

from __future__ import annotations

from lino.api import dd


class Clients(dd.Table):
    model = "care.Client"
    # the ID first: as the last column, the grid's scroll bar cut it off
    column_names = "id last_name first_name client_state workflow_buttons"
    order_by = ["last_name", "first_name", "id"]
    required_roles = dd.login_required(dd.SiteUser)
    detail_layout = """
    first_name last_name gender id
    client_state workflow_buttons
    clients.ContactsByClient
    coachings.CoachingsByClient
    """
    insert_layout = """
    first_name last_name
    gender
    """
