"""What the site search finds among publications (declared on PublicationsConfig)."""

from .selectors import publications_published


class PublicationSearchSource:
    kind = "Publication"
    order = 0  # first among equal ranks
    date_field = "published_on"
    vector_field = "search_vector"

    def queryset(self):
        return publications_published()
