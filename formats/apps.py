from django.apps import AppConfig


class FormatsConfig(AppConfig):
    name = "formats"
    attention_checks = "formats.attention.checks"
    verbose_name = "Accessible formats"

    def ready(self):
        from . import signals  # noqa: F401
