from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate

from sitewide.site_url import site_record_sync_after_migrate


class CjaSiteConfig(AppConfig):
    name = "cja_site"
    attention_checks = "cja_site.attention.checks"
    verbose_name = "Site"
    search_source = "cja_site.search.PageSearchSource"
    readership_protected_paths = "cja_site.readership.protected_paths"

    def ready(self):
        # After the sites framework has made its example.com row (it comes first in INSTALLED_APPS).
        post_migrate.connect(site_record_sync_after_migrate, sender=self)


class CharityAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the charity's admin site, so every registration lands there."""

    default = False
    default_site = "cja_site.admin_site.CharityAdminSite"
