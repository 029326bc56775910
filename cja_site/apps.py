from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CjaSiteConfig(AppConfig):
    name = "cja_site"
    verbose_name = "Site"

    def ready(self):
        from . import signals  # noqa: F401


class CharityAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the charity's admin site, so every registration lands there."""

    default = False
    default_site = "cja_site.admin_site.CharityAdminSite"
