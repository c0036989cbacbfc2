from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "tests.relations"
    label = "relations"
    default_auto_field = "django.db.models.AutoField"
