from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    attention_checks = "tracking.attention.checks"
    verbose_name = "Parliament and government tracking"
    calendar_source = "tracking.calendar.calendar_entries"

    def ready(self):
        from . import signals  # noqa: F401
