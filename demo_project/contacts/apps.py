from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "demo_project.contacts"
    label = "contacts"
    verbose_name = _("Contacts")
    default_auto_field = "django.db.models.BigAutoField"
