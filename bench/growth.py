"""The cost of growth: the fresh pages that list or look up content, before and after the
content grows, with their queries per request, which must stay flat.

Run by bench_pages in a subprocess (its environment picks the database): `python -m
bench.growth`. Through the test client, in this process, it renders each page afresh, with the
public and member content caches turned over before every request (the first request after a
publish: the dearest kind), counting queries with CaptureQueriesContext. Then it loads
`BENCH_PUBLICATIONS` (10,000) publications, `BENCH_GROWTH_POSTCODES` (2,700,000) postcodes, 500
directory services and 200 meetings, measures again, and deletes what it loaded.
"""

import datetime
import os
import random
import statistics
import time

import django

from bench.pages import member_session_key

PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", "10000"))
POSTCODES = int(os.environ.get("BENCH_GROWTH_POSTCODES", "2700000"))
SERVICES = 500
MEETINGS = 200
RUNS = 9
# Westminster, in the Metropolitan Police area: a district of the demo content.
POSTCODE, DISTRICT, FORCE = "SW1A1AA", "E09000033", "E23000001"

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


def publications_load(count: int) -> int:
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


def bench_postcode(number: int) -> str:
    """Z and six base-36 digits: room for millions, and no real postcode starts with Z."""
    digits = ""
    for _ in range(6):
        number, digit = divmod(number, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + digits
    return "Z" + digits


def postcodes_load(count: int) -> None:
    from django.db import connection

    from directory.models import ENGLAND, Postcode

    if connection.vendor != "postgresql":
        rows = (
            Postcode(postcode=bench_postcode(number), pfa=FORCE, lad=DISTRICT, country=ENGLAND)
            for number in range(count)
        )
        Postcode.objects.bulk_create(rows, batch_size=10_000)
        return
    # The full ONS table's size, COPYed as the import does: millions of model objects would
    # take minutes.
    columns = "postcode, pfa, lad, country, terminated"
    table = Postcode._meta.db_table
    copying = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.connection.cursor().copy(copying) as copy:
        for number in range(count):
            copy.write_row((bench_postcode(number), FORCE, DISTRICT, ENGLAND, False))


def services_load(count: int) -> None:
    from directory import demo
    from directory.models import Area, Service

    today = datetime.date.today()
    template = demo.SERVICES[0]
    services = Service.objects.bulk_create(
        Service(
            **{
                **demo._fields(template, number=number % 1000, today=today),
                "title": f"Bench service {number}",
                "is_demo": False,
            },
            slug=f"bench-service-{number}",
        )
        for number in range(count)
    )
    force = Area.objects.get(gss_code=FORCE)
    Through = Service.areas.through
    Through.objects.bulk_create(
        Through(service_id=service.pk, area_id=force.pk) for service in services
    )


def meetings_load(count: int) -> None:
    from django.utils import timezone

    from expert_group.models import Meeting

    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(
            title=f"Bench meeting {number}",
            starts_at=now + datetime.timedelta(days=7 * (number - count // 2)),
            ends_at=now + datetime.timedelta(days=7 * (number - count // 2), hours=2),
        )
        for number in range(count)
    )


def grow() -> None:
    from django.db import connection

    publications_load(PUBLICATIONS)
    postcodes_load(POSTCODES)
    services_load(SERVICES)
    meetings_load(MEETINGS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum would give tables that grew this much.
            cursor.execute("ANALYZE")


def shrink() -> None:
    from directory.models import Postcode, Service
    from expert_group.models import Meeting
    from publications.models import Publication

    Publication.objects.filter(slug__startswith="bench-").delete()
    Postcode.objects.filter(postcode__regex=r"^Z[0-9A-Z]{6}$").delete()
    Service.objects.filter(slug__startswith="bench-service-").delete()
    Meeting.objects.filter(title__startswith="Bench meeting ").delete()


def cases() -> list[tuple[str, object]]:
    """(label, a function making one fresh request and returning its response)."""
    import secrets

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    visitor = Client()
    # A session cookie that matches no session: the page cache never answers it.
    visitor.cookies[settings.SESSION_COOKIE_NAME] = secrets.token_hex(16)
    member = Client()
    member.cookies[settings.SESSION_COOKIE_NAME] = member_session_key()
    area = reverse("directory:area", kwargs={"gss_code": FORCE})
    return [
        ("publications list", lambda: visitor.get("/publications/")),
        ("publications list, reports", lambda: visitor.get("/publications/?kind=report")),
        ("search 'postcode lottery'", lambda: visitor.get("/search/?q=postcode+lottery")),
        (
            "search 'prisons staff training'",
            lambda: visitor.get("/search/?q=prisons+staff+training"),
        ),
        (
            "directory: find a postcode",
            lambda: visitor.post(reverse("directory:find"), {"postcode": "SW1A 1AA"}),
        ),
        ("directory: the area's services", lambda: visitor.get(area)),
        ("members' dashboard", lambda: member.get(reverse("expert_group:dashboard"))),
    ]


def afresh(request):
    """One request after every content cache has turned over, as after a publish."""
    from expert_group.cache import member_pages_invalidate
    from publishing.cache import public_pages_invalidate

    public_pages_invalidate()
    member_pages_invalidate()
    return request()


def measured(request) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = afresh(request)  # warm up
    assert response.status_code in (200, 303), response.status_code
    with CaptureQueriesContext(connection) as queries:
        afresh(request)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        afresh(request)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), len(queries)


def main() -> None:
    django.setup()
    from django.core.signals import request_started
    from django.db import reset_queries

    # Django empties the query log as each request starts; CaptureQueriesContext needs it kept.
    request_started.disconnect(reset_queries)
    from django.db import connection

    from directory.models import ENGLAND, Postcode
    from expert_group.models import Meeting
    from publications.models import Publication

    _, added = Postcode.objects.get_or_create(
        postcode=POSTCODE, defaults={"pfa": FORCE, "lad": DISTRICT, "country": ENGLAND}
    )
    requests = cases()
    before = [(label, measured(request)) for label, request in requests]
    sizes_before = (Publication.objects.count(), Postcode.objects.count(), Meeting.objects.count())
    shrink()
    try:
        grow()
        sizes_after = (
            Publication.objects.count(),
            Postcode.objects.count(),
            Meeting.objects.count(),
        )
        after = [measured(request) for _, request in requests]
    finally:
        shrink()
        if added:
            Postcode.objects.filter(postcode=POSTCODE).delete()
    print(
        f"The cost of growth ({connection.vendor}; test client in one process, every content "
        f"cache turned over before each request, median of {RUNS}):"
    )
    print(
        "  demo content: {:,} publications, {:,} postcodes, {:,} meetings; grown: {:,} "
        "publications, {:,} postcodes, +{} services in one area, {:,} meetings".format(
            *sizes_before, sizes_after[0], sizes_after[1], SERVICES, sizes_after[2]
        )
    )
    print(f"  {'page':<34} {'demo ms':>8} {'queries':>8} {'grown ms':>9} {'queries':>8}")
    for (label, (small_ms, small_queries)), (grown_ms, grown_queries) in zip(
        before, after, strict=True
    ):
        print(
            f"  {label:<34} {small_ms:>8.1f} {small_queries:>8} {grown_ms:>9.1f} {grown_queries:>8}"
        )


if __name__ == "__main__":
    main()
