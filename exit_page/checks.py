from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def exit_page_url_check(app_configs, **kwargs):
    """The neutral site must be a full https address: "Exit this page" cannot fail quietly."""
    parts = urlsplit(settings.EXIT_PAGE_URL)
    if parts.scheme == "https" and parts.netloc:
        return []
    return [
        Error(
            f"EXIT_PAGE_URL must be a full https:// address, not {settings.EXIT_PAGE_URL!r}.",
            hint="The neutral website that 'Exit this page' leaves for, e.g. "
            "https://www.bbc.co.uk/weather.",
            id="exit_page.E001",
        )
    ]
