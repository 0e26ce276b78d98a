from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data. It depends on every app; nothing depends on it."""

    name = "demo"
    verbose_name = "Demo data"
