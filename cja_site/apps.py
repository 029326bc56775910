from django.apps import AppConfig


class CjaSiteConfig(AppConfig):
    name = "cja_site"
    verbose_name = "Site"

    def ready(self):
        from . import signals  # noqa: F401
