"""The figures the Readership admin shows, read from the rolled-up counts."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Sum
from django.utils.module_loading import import_string

from .models import ReadCount, VisitorEstimate
from .sources import OTHER, SOURCE_LABELS

SMALL_NUMBER = 10
COLUMNS = ("views", "downloads", "feed_fetches", "api_calls")


def protected_paths() -> tuple[str, ...]:
    """Addresses (and everything under them) whose small counts are hidden: the pages that
    carry "Exit this page", as each app declares them (`readership_protected_paths`)."""
    paths: list[str] = []
    for config in apps.get_app_configs():
        dotted = getattr(config, "readership_protected_paths", None)
        if dotted:
            paths.extend(import_string(dotted)())
    return tuple(paths)


def is_protected(path: str, protected: tuple[str, ...]) -> bool:
    return any(path == item or path.startswith(item) for item in protected)


@dataclass
class ItemFigures:
    path: str
    views: int = 0
    downloads: int = 0
    feed_fetches: int = 0
    api_calls: int = 0
    visitors: int = 0
    protected: bool = False
    sources: dict[str, int] = field(default_factory=dict)

    @property
    def reads(self) -> int:
        return self.views + self.downloads + self.feed_fetches + self.api_calls

    @property
    def reads_shown(self) -> str:
        return shown(self.reads, protected=self.protected)


@dataclass
class DayFigures:
    day: date
    views: int
    downloads: int
    visitors: int


def _period(start: date, end: date, path: str | None):
    counts = ReadCount.objects.filter(day__gte=start, day__lte=end)
    visitors = VisitorEstimate.objects.filter(day__gte=start, day__lte=end)
    if path is not None:
        counts = counts.filter(path=path)
        visitors = visitors.filter(path=path)
    return counts, visitors


def _source_label(source: str, host: str) -> str:
    return host if source == OTHER and host else SOURCE_LABELS.get(source, source)


def readership_items(*, start: date, end: date) -> list[ItemFigures]:
    """Every address read in the period, most read first, with its sources."""
    counts, visitors = _period(start, end, None)
    protected = protected_paths()
    items: dict[str, ItemFigures] = {}
    for row in counts.values("path", "source", "referrer_host").annotate(
        **{column: Sum(column) for column in COLUMNS}
    ):
        item = items.setdefault(
            row["path"], ItemFigures(row["path"], protected=is_protected(row["path"], protected))
        )
        for column in COLUMNS:
            setattr(item, column, getattr(item, column) + row[column])
        label = _source_label(row["source"], row["referrer_host"])
        item.sources[label] = item.sources.get(label, 0) + sum(row[c] for c in COLUMNS)
    for row in visitors.exclude(path="").values("path").annotate(total=Sum("visitors")):
        if row["path"] in items:
            items[row["path"]].visitors = row["total"]
    for item in items.values():
        item.sources = dict(sorted(item.sources.items(), key=lambda pair: -pair[1]))
    return sorted(items.values(), key=lambda item: (-item.reads, item.path))


def readership_days(*, start: date, end: date, path: str | None) -> list[DayFigures]:
    """Views, downloads and estimated visitors for each day of the period (the whole site when
    no path is given); days folded into a month count on the month's first day."""
    counts, visitors = _period(start, end, path)
    per_day = {
        row["day"]: row
        for row in counts.values("day").annotate(views=Sum("views"), downloads=Sum("downloads"))
    }
    visitors = visitors.filter(path=path or "")
    visitors_per_day = dict(
        visitors.values("day").annotate(total=Sum("visitors")).values_list("day", "total")
    )
    days = []
    day = start
    while day <= end:
        row = per_day.get(day, {})
        days.append(
            DayFigures(
                day, row.get("views", 0), row.get("downloads", 0), visitors_per_day.get(day, 0)
            )
        )
        day += timedelta(days=1)
    return days


def readership_week_top(*, today: date, limit: int = 5) -> list[ItemFigures]:
    return readership_items(start=today - timedelta(days=7), end=today - timedelta(days=1))[:limit]


def shown(value: int, *, protected: bool) -> str:
    """A count as staff see it: below 10 on a protected page, only "fewer than 10"."""
    if protected and 0 < value < SMALL_NUMBER:
        return "fewer than 10"
    return str(value)
