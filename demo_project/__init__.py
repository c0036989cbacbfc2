"""The demo site of lino-apps: an avanti-like case-management database."""
