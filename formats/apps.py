from django.apps import AppConfig


class FormatsConfig(AppConfig):
    name = "formats"
    verbose_name = "Accessible formats"

    def ready(self):
        from . import signals  # noqa: F401
