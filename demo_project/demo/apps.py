from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds the demo data and the ``prep`` command."""

    name = "demo_project.demo"
    label = "demo"
