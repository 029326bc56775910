from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core.management import call_command
from django.db.models.signals import post_migrate

from sitewide.site_url import site_record_sync_after_migrate

from . import checks  # noqa: F401 (registers the cache checks)


class CjaSiteConfig(AppConfig):
    name = "cja_site"
    attention_checks = "cja_site.attention.checks"
    verbose_name = "Site"
    search_source = "cja_site.search.PageSearchSource"
    readership_protected_paths = "cja_site.readership.protected_paths"

    def ready(self):
        # After the sites framework has made its example.com row (it comes first in INSTALLED_APPS).
        post_migrate.connect(site_record_sync_after_migrate, sender=self)
        # The database cache's table (used with DEBUG off and no Redis), made by `migrate` so
        # that no deploy can forget it; a no-op for other caches or once it exists.
        post_migrate.connect(cache_table_create, sender=self)


def cache_table_create(using="default", verbosity=1, **kwargs):
    call_command("createcachetable", database=using, verbosity=verbosity)


class CharityAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the charity's admin site, so every registration lands there."""

    default = False
    default_site = "cja_site.admin_site.CharityAdminSite"
