"""Search across every declared source: campaigns, publications and pages."""

from .backends import SearchResult, highlight, search_backend
from .sources import search_sources


def site_search(*, query: str) -> list[SearchResult]:
    """Public items matching the query, best first. Drafts and scheduled items never match."""
    backend = search_backend()
    results = []
    for source in search_sources():
        results += [
            SearchResult(
                kind=source.kind,
                title=item.title,
                url=item.get_absolute_url(),
                snippet=highlight(getattr(item, "snippet", "")),
                rank=float(item.rank),
                date=getattr(item, source.date_field) if source.date_field else None,
                model=type(item),
                pk=item.pk,
            )
            for item in backend.matches(source, query)
        ]
    return sorted(results, key=lambda result: -result.rank)


def search_add_snippets(results: list[SearchResult], *, query: str) -> None:
    """Highlighted snippets for the results shown, where matching did not make them."""
    search_backend().add_snippets(results, query=query)
