"""lino_clients: see docs/specs/clients.rst."""
