"""The nightly rollup from Redis's counters into ReadCount rows, and the folding of old days."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from .counting import (
    API,
    DOWNLOAD,
    FEED,
    FIELD_SEPARATOR,
    VIEW,
    counts_key,
    readership_flush,
    readership_redis,
    visitors_key,
)
from .groups import campaign_groups, topic_groups
from .models import Period, ReadCount, VisitorEstimate

COLUMN_OF_KIND = {VIEW: "views", DOWNLOAD: "downloads", FEED: "feed_fetches", API: "api_calls"}
KEEP_DAILY_MONTHS = 25


Row = tuple[str, str, str, str]  # path, source, referring host, what an email was about


def _parse_field(field: str) -> tuple[str, Row] | None:
    """A counter's field: kind, source, host, [what the email was about,] path (a path always
    starts with "/", so the optional part is told apart)."""
    parts = field.split(FIELD_SEPARATOR, 3)
    if len(parts) != 4 or parts[0] not in COLUMN_OF_KIND:
        return None
    kind, source, host, rest = parts
    if rest.startswith("/"):
        about, path = "", rest
    else:
        about, _, path = rest.partition(FIELD_SEPARATOR)
    return kind, (path, source, host, about)


def _counts_from_redis(client, day: date) -> dict[Row, dict[str, int]]:
    rows: dict[Row, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for field, count in client.hgetall(counts_key(day)).items():
        parsed = _parse_field(field.decode())
        if parsed is not None:
            kind, row = parsed
            rows[row][COLUMN_OF_KIND[kind]] += int(count)
    return rows


def _visitors_from_redis(client, day: date, paths: set[str]) -> dict[str, int]:
    """Each path's estimate, each campaign's and topic's (the union of its addresses'), and
    the whole site's (the empty path): the union of them all."""
    ordered = sorted(paths)
    groups = [
        (group.key, [path for path in ordered if group.holds(path)])
        for group in (*campaign_groups(), *topic_groups())
    ]
    groups = [(key, paths) for key, paths in groups if paths]
    pipe = client.pipeline(transaction=False)
    for path in ordered:
        pipe.pfcount(visitors_key(day, path))
    for _, group_paths in groups:
        pipe.pfcount(*(visitors_key(day, path) for path in group_paths))
    pipe.pfcount(*(visitors_key(day, path) for path in ordered))
    *each, site = pipe.execute()
    keys = ordered + [key for key, _ in groups]
    return {**dict(zip(keys, each, strict=True)), "": site}


def readership_rollup(*, day: date) -> int:
    """Write the day's counts from Redis (replacing any written before: it may run again
    while the day's counters are still in Redis). Returns the number of count rows."""
    client = readership_redis()
    if client is None:
        return 0
    readership_flush()
    rows = _counts_from_redis(client, day)
    if not rows:
        return 0
    visitors = _visitors_from_redis(client, day, {row[0] for row in rows})
    with transaction.atomic():
        ReadCount.objects.filter(period=Period.DAY, day=day).delete()
        VisitorEstimate.objects.filter(period=Period.DAY, day=day).delete()
        ReadCount.objects.bulk_create(
            ReadCount(
                day=day, path=path, source=source, referrer_host=host, email_about=about, **columns
            )
            for (path, source, host, about), columns in rows.items()
        )
        VisitorEstimate.objects.bulk_create(
            VisitorEstimate(day=day, path=path, visitors=count) for path, count in visitors.items()
        )
    return len(rows)


def _months_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def readership_fold_old_days(*, today: date) -> int:
    """Daily rows older than KEEP_DAILY_MONTHS whole months become monthly totals. Returns the
    number of daily rows folded."""
    before = _months_back(today, KEEP_DAILY_MONTHS)
    old_counts = ReadCount.objects.filter(period=Period.DAY, day__lt=before)
    old_visitors = VisitorEstimate.objects.filter(period=Period.DAY, day__lt=before)
    folded = old_counts.count()
    with transaction.atomic():
        totals: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in old_counts.values(
            "day", "path", "source", "referrer_host", "email_about", *COLUMN_OF_KIND.values()
        ):
            key = (
                row["day"].replace(day=1),
                row["path"],
                row["source"],
                row["referrer_host"],
                row["email_about"],
            )
            for column in COLUMN_OF_KIND.values():
                totals[key][column] += row[column]
        for (month, path, source, host, about), columns in totals.items():
            monthly, _ = ReadCount.objects.get_or_create(
                period=Period.MONTH,
                day=month,
                path=path,
                source=source,
                referrer_host=host,
                email_about=about,
            )
            for column, value in columns.items():
                setattr(monthly, column, getattr(monthly, column) + value)
            monthly.save()
        visitor_totals: dict[tuple, int] = defaultdict(int)
        for row in old_visitors.values("day", "path", "visitors"):
            visitor_totals[(row["day"].replace(day=1), row["path"])] += row["visitors"]
        for (month, path), visitors in visitor_totals.items():
            monthly, _ = VisitorEstimate.objects.get_or_create(
                period=Period.MONTH, day=month, path=path
            )
            monthly.visitors += visitors
            monthly.save()
        old_counts.delete()
        old_visitors.delete()
    return folded


def readership_nightly() -> None:
    """Yesterday's counts (and the day before's, should a night have been missed), then the
    folding of what is past the daily retention."""
    today = timezone.localdate()
    for days_ago in (2, 1):
        readership_rollup(day=today - timedelta(days=days_ago))
    readership_fold_old_days(today=today)
