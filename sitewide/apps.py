from django.apps import AppConfig


class SitewideConfig(AppConfig):
    """What every app shares (no models): an app so that its template tags are found."""

    name = "sitewide"
    verbose_name = "Site-wide"
