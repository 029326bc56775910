"""The sources search runs over, each declared by the app that owns the content.

An app declares its source with a dotted path on its AppConfig,
`search_source = "publications.search.PublicationSearchSource"`, so that search depends on the
content apps and never the other way round.
"""

from functools import cache
from typing import Protocol

from django.apps import apps
from django.db.models import QuerySet
from django.utils.module_loading import import_string


class SearchSource(Protocol):
    # Shown beside each result: "Publication".
    kind: str
    # Where this source's results go among results of equal rank: lower first.
    order: int
    # A date shown with each result, or None.
    date_field: str | None
    # A stored, trigger-maintained tsvector (PostgreSQL), or None to build one per query.
    vector_field: str | None

    def queryset(self) -> QuerySet:
        """The items a visitor may see, with `title`, `slug`, `summary`, `body` (HTML) and
        `get_absolute_url()`. Drafts and scheduled items are never in it."""
        ...


@cache
def search_sources() -> tuple[SearchSource, ...]:
    declared = [
        import_string(config.search_source)()
        for config in apps.get_app_configs()
        if getattr(config, "search_source", None)
    ]
    return tuple(sorted(declared, key=lambda source: source.order))
