"""The two ways a query is matched against each source's public items.

PostgreSQL: full-text search on weighted vectors (title A, summary B, body C), ranked, with
highlighted snippets. Other databases (the embedded SQLite default): every word must appear
somewhere in the item, title matches rank first.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .sources import SearchSource

# Markers the highlighter puts around matches: characters no real text contains, turned into
# <mark> only after the text has been escaped.
START, STOP = "\ue000", "\ue001"
RESULTS_PER_KIND = 50
TAG = re.compile(r"<[^>]*>")


@dataclass
class SearchResult:
    kind: str
    title: str
    url: str
    snippet: SafeString
    rank: float
    date: datetime.date | None = None
    model: type | None = None
    pk: int | None = None


def _text(html: str) -> str:
    """Plain text from HTML, with a space where each tag was so words do not run together."""
    return " ".join(strip_tags(TAG.sub(" ", html)).split())


def highlight(text: str) -> SafeString:
    """Escape the snippet, then turn the match markers (and only them) into <mark>."""
    clean = escape(_text(text)).replace(START, "<mark>").replace(STOP, "</mark>")
    # An unbalanced marker (a fragment cut mid-match) must not leave an open element.
    if clean.count("<mark>") != clean.count("</mark>"):
        clean = clean.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(clean)  # noqa: S308 - escaped above; only <mark> added back


def _date_fields(source: SearchSource) -> list[str]:
    return [source.date_field] if source.date_field else []


class PostgresBackend:
    """Ranked full-text matching; snippets are made afterwards, for the page shown only."""

    def matches(self, source: SearchSource, query: str) -> list:
        """Up to RESULTS_PER_KIND items, best first, each with a `rank`."""
        from django.contrib.postgres.search import SearchRank, SearchVector

        queryset = source.queryset().only("title", "slug", *_date_fields(source))
        search_query = self._search_query(query)
        if source.vector_field:
            vector = F(source.vector_field)
        else:
            vector = (
                SearchVector("title", weight="A", config="english")
                + SearchVector("summary", weight="B", config="english")
                + SearchVector("body", weight="C", config="english")
            )
        matched = (
            queryset.annotate(document=vector)
            .filter(document=search_query)
            .annotate(rank=SearchRank(F("document"), search_query))
            .order_by("-rank")
        )
        return list(matched[:RESULTS_PER_KIND])

    def add_snippets(self, results: list[SearchResult], *, query: str) -> None:
        """Highlighted snippets for the results shown.

        Done for one page of results only, as ts_headline reads the whole text of each item.
        """
        from django.contrib.postgres.search import SearchHeadline

        search_query = self._search_query(query)
        for model in {result.model for result in results}:
            wanted = {result.pk: result for result in results if result.model is model}
            snippets = model.objects.filter(pk__in=wanted).annotate(
                snippet=SearchHeadline(
                    Concat("summary", Value(" "), "body", output_field=TextField()),
                    search_query,
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            for pk, snippet in snippets.values_list("pk", "snippet"):
                wanted[pk].snippet = highlight(snippet or "")

    @staticmethod
    def _search_query(query: str):
        from django.contrib.postgres.search import SearchQuery

        return SearchQuery(query, search_type="websearch", config="english")


class PlainBackend:
    """Every word somewhere in the item; the snippet is made with the match."""

    def matches(self, source: SearchSource, query: str) -> list:
        """Up to RESULTS_PER_KIND items, each with a `rank` and a marked `snippet`."""
        words = _words(query)
        if not words:
            return []
        queryset = source.queryset().only("title", "slug", "summary", "body", *_date_fields(source))
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        items = list(queryset[:RESULTS_PER_KIND])
        for item in items:
            title = item.title.lower()
            item.rank = sum(2.0 if word in title else 1.0 for word in words) / len(words)
            item.snippet = _plain_snippet(f"{item.summary} {_text(item.body)}", words)
        return items

    def add_snippets(self, results: list[SearchResult], *, query: str) -> None:
        """Nothing to do: matching made the snippets already."""


def _words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1][:10]


def _plain_snippet(text: str, words: list[str], width: int = 220) -> str:
    text = " ".join(text.split())
    lower = text.lower()
    first = min((i for i in (lower.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - width // 3)
    if start:
        start = text.find(" ", start) + 1  # begin at a word
    excerpt = text[start : start + width]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
    return ("… " if start else "") + marked + (" …" if start + width < len(text) else "")


def search_backend() -> PostgresBackend | PlainBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else PlainBackend()
