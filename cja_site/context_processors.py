from django.conf import settings

NAVIGATION = (
    ("Restorative CJS", "/restorative-cjs/"),
    ("Campaigns", "/campaigns/"),
    ("Publications", "/publications/"),
    ("Expert group", "/expert-group/"),
    ("Contact", "/contact/"),
)


def site(request):
    """Site-wide values every template may use: name, canonical URL, navigation."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "navigation": [
            {"label": label, "url": url, "current": request.path.startswith(url)}
            for label, url in NAVIGATION
        ],
    }
