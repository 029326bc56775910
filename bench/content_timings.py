"""Load N publications into the bench database and time the list and search queries.

Run by bench_pages in a subprocess (its environment picks the database):
`python -m bench.content_timings 10000`. Prints one JSON object, then deletes the rows it
loaded, so the pages are measured on the demo content.
"""

import datetime
import json
import random
import statistics
import sys
import time

import django

WORDS = [
    "restorative",
    "justice",
    "victims",
    "prisons",
    "probation",
    "courts",
    "police",
    "youth",
    "schools",
    "community",
    "harm",
    "repair",
    "reoffending",
    "conflict",
    "mediation",
    "training",
    "policy",
    "government",
    "consultation",
    "funding",
    "access",
    "awareness",
    "capacity",
    "evidence",
    "research",
    "practice",
    "culture",
    "staff",
    "wellbeing",
    "satisfaction",
    "sentencing",
    "rehabilitation",
    "families",
    "city",
    "council",
    "charity",
    "volunteers",
]


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def load(count: int) -> int:
    from publications.models import Publication
    from publishing.models import Status

    existing = Publication.objects.filter(slug__startswith="bench-").count()
    rng = random.Random(42)
    kinds = Publication.Kind.values
    start = datetime.date(2010, 1, 1)
    batch = []
    for number in range(existing, count):
        body = "".join(f"<p>{paragraph(rng, 60)}</p>" for _ in range(6))
        if number % 1000 == 0:
            body += "<p>Access to restorative justice is a postcode lottery.</p>"
        batch.append(
            Publication(
                title=f"{paragraph(rng, 6)[:-1]} {number}",
                slug=f"bench-{number}",
                kind=kinds[number % len(kinds)],
                summary=paragraph(rng, 30),
                body=body,
                published_on=start + datetime.timedelta(days=number % 5000),
                status=Status.PUBLISHED,
            )
        )
        if len(batch) == 1000:
            Publication.objects.bulk_create(batch)
            batch = []
    Publication.objects.bulk_create(batch)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum would give a table that grew this much.
            cursor.execute("ANALYZE publications_publication")
    return Publication.objects.published().count()


def median_ms(function, runs: int = 15) -> float:
    function()  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main(count: int) -> None:
    django.setup()
    from publications.models import Publication

    total = load(count)
    try:
        result = timings(total)
    finally:
        # The pages are measured on the demo content alone, as a charity's site holds it.
        Publication.objects.filter(slug__startswith="bench-").delete()
    print(json.dumps(result))


def timings(total: int) -> dict:
    from django.core.paginator import Paginator
    from django.db import connection

    from publications.selectors import publication_filter_choices, publication_list
    from search.selectors import site_search

    def list_page():
        publication_filter_choices()
        page = Paginator(publication_list(), 20).get_page(1)
        return list(page.object_list)

    def list_filtered():
        page = Paginator(publication_list(kind="report", year=2015), 20).get_page(2)
        return list(page.object_list)

    return {
        "database": connection.vendor,
        "publications": total,
        "list_ms": median_ms(list_page),
        "list_filtered_ms": median_ms(list_filtered),
        "search_postcode_lottery_ms": median_ms(lambda: site_search(query="postcode lottery")),
        "search_prisons_ms": median_ms(lambda: site_search(query="prisons staff training")),
        "search_results": len(site_search(query="postcode lottery")),
    }


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
