from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    attention_checks = "notifications.attention.checks"
    verbose_name = "Email outbox"
