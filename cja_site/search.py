"""What the site search finds among pages (declared on CjaSiteConfig)."""

from .models import Page


class PageSearchSource:
    kind = "Page"
    order = 2  # after publications and campaigns among equal ranks
    date_field = None
    vector_field = None

    def queryset(self):
        return Page.objects.published()
