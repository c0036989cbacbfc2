"""The settings of ``lino_clients``, read at access time (``override_settings`` works).

==================================== ===================== =========================================
setting                              default               meaning
==================================== ===================== =========================================
``LINO_CLIENTS_CLIENT_MODEL``        ``contacts.Person``   the client model (a ``ClientBase``)
``LINO_CLIENTS_PARTNER_MODEL``       ``contacts.Partner``  partners that may have a contact type
``LINO_CLIENTS_COMPANY_MODEL``       ``contacts.Company``  ``ClientContact.company``
``LINO_CLIENTS_PERSON_MODEL``        ``contacts.Person``   ``ClientContact.contact_person``
``LINO_CLIENTS_ROLE_TYPE_MODEL``     ``contacts.RoleType`` ``ClientContact.contact_role``
``LINO_CLIENTS_NOTE_MODEL``          ``notes.Note``        the notes of the ``note`` client event
``LINO_CLIENTS_NOTE_CLIENT_FIELD``   ``project``           the note's foreign key to the client
``LINO_CLIENTS_NOTE_DATE_FIELD``     ``date``              the note's date
==================================== ===================== =========================================

The model settings are read by the shipped migrations, like ``AUTH_USER_MODEL``:
set them before the first ``migrate``.

``LINO_CLIENTS_CONTACT_TYPE_MODEL`` is ``ClientContactType``'s ``Meta.swappable``
setting: it makes a project's migration that points at client contact types
depend on our ``0001_initial`` (which needs none of the project's models) rather
than on our latest migration. ``ready()`` sets its value unless the project does;
it must stay ``"clients.ClientContactType"`` (check ``lino_clients.E005``).
"""

from __future__ import annotations

from django.conf import settings

PREFIX = "LINO_CLIENTS_"

DEFAULTS: dict[str, str] = {
    "CLIENT_MODEL": "contacts.Person",
    "PARTNER_MODEL": "contacts.Partner",
    "COMPANY_MODEL": "contacts.Company",
    "PERSON_MODEL": "contacts.Person",
    "ROLE_TYPE_MODEL": "contacts.RoleType",
    "NOTE_MODEL": "notes.Note",
    "NOTE_CLIENT_FIELD": "project",
    "NOTE_DATE_FIELD": "date",
}


class AppSettings:
    """One property per setting, each read from Django's settings when accessed."""

    def _get(self, name: str) -> str:
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    @property
    def CLIENT_MODEL(self) -> str:
        return self._get("CLIENT_MODEL")

    @property
    def PARTNER_MODEL(self) -> str:
        return self._get("PARTNER_MODEL")

    @property
    def COMPANY_MODEL(self) -> str:
        return self._get("COMPANY_MODEL")

    @property
    def PERSON_MODEL(self) -> str:
        return self._get("PERSON_MODEL")

    @property
    def ROLE_TYPE_MODEL(self) -> str:
        return self._get("ROLE_TYPE_MODEL")

    @property
    def NOTE_MODEL(self) -> str:
        return self._get("NOTE_MODEL")

    @property
    def NOTE_CLIENT_FIELD(self) -> str:
        return self._get("NOTE_CLIENT_FIELD")

    @property
    def NOTE_DATE_FIELD(self) -> str:
        return self._get("NOTE_DATE_FIELD")


app_settings = AppSettings()

#: The ``Meta.swappable`` settings of our models and their only supported value.
SWAPPABLE_DEFAULTS = {"LINO_CLIENTS_CONTACT_TYPE_MODEL": "clients.ClientContactType"}


def set_swappable_defaults(defaults: dict[str, str]) -> None:
    """Give the ``Meta.swappable`` settings in ``defaults`` their value where the
    project leaves them unset: Django reads them from ``django.conf.settings``
    (``settings.<NAME>`` in migrations, like ``settings.AUTH_USER_MODEL``)."""
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)

__all__ = ["DEFAULTS", "AppSettings", "app_settings", "set_swappable_defaults"]
