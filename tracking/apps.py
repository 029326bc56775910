from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Parliament and government tracking"

    def ready(self):
        from . import signals  # noqa: F401
