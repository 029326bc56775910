"""The figures the Readership admin shows, read from the rolled-up counts."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Q, Sum
from django.utils.module_loading import import_string

from .groups import Group
from .models import ReadCount, VisitorEstimate
from .sources import EMAIL, OTHER, SOURCE_LABELS

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
    # Clicks from update emails, by what each email was about ("campaign:12,topic:3").
    email_about: dict[str, int] = field(default_factory=dict)

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


@dataclass
class GroupFigures:
    """A campaign's or a topic's reads: its addresses' counts added up, visitors estimated over
    them together, and the clicks from update emails that were about it."""

    group: Group
    views: int = 0
    downloads: int = 0
    feed_fetches: int = 0
    api_calls: int = 0
    visitors: int = 0
    from_its_emails: int = 0
    protected: bool = False
    sources: dict[str, int] = field(default_factory=dict)
    items: list[ItemFigures] = field(default_factory=list)


def _period(start: date, end: date, path: str | None):
    counts = ReadCount.objects.filter(day__gte=start, day__lte=end)
    visitors = VisitorEstimate.objects.filter(day__gte=start, day__lte=end)
    if path is not None:
        counts = counts.filter(path=path)
        visitors = visitors.filter(path=path)
    return counts, visitors


def _add_up(totals: dict[str, int], more: dict[str, int]) -> None:
    for key, count in more.items():
        totals[key] = totals.get(key, 0) + count


def _source_label(source: str, host: str) -> str:
    return host if source == OTHER and host else SOURCE_LABELS.get(source, source)


def readership_items(*, start: date, end: date) -> list[ItemFigures]:
    """Every address read in the period, most read first, with its sources."""
    counts, visitors = _period(start, end, None)
    protected = protected_paths()
    items: dict[str, ItemFigures] = {}
    for row in counts.values("path", "source", "referrer_host", "email_about").annotate(
        **{column: Sum(column) for column in COLUMNS}
    ):
        item = items.setdefault(
            row["path"], ItemFigures(row["path"], protected=is_protected(row["path"], protected))
        )
        for column in COLUMNS:
            setattr(item, column, getattr(item, column) + row[column])
        label = _source_label(row["source"], row["referrer_host"])
        reads = sum(row[c] for c in COLUMNS)
        item.sources[label] = item.sources.get(label, 0) + reads
        if row["source"] == EMAIL and row["email_about"]:
            _add_up(item.email_about, {row["email_about"]: reads})
    for row in visitors.exclude(path="").values("path").annotate(total=Sum("visitors")):
        if row["path"] in items:
            items[row["path"]].visitors = row["total"]
    for item in items.values():
        item.sources = dict(sorted(item.sources.items(), key=lambda pair: -pair[1]))
    return sorted(items.values(), key=lambda item: (-item.reads, item.path))


def readership_groups(*, start: date, end: date, groups: list[Group]) -> list[GroupFigures]:
    """Each campaign's or topic's figures over the period, most viewed first."""
    items = readership_items(start=start, end=end)
    visitors = dict(
        VisitorEstimate.objects.filter(
            day__gte=start, day__lte=end, path__in=[group.key for group in groups]
        )
        .values("path")
        .annotate(total=Sum("visitors"))
        .values_list("path", "total")
    )
    figures = []
    for group in groups:
        totals = GroupFigures(group, visitors=visitors.get(group.key, 0))
        for item in items:
            # A click from an email about the group counts wherever it landed.
            totals.from_its_emails += sum(
                count for about, count in item.email_about.items() if group.key in about.split(",")
            )
            if not group.holds(item.path):
                continue
            totals.items.append(item)
            for column in COLUMNS:
                setattr(totals, column, getattr(totals, column) + getattr(item, column))
            totals.protected = totals.protected or item.protected
            _add_up(totals.sources, item.sources)
        totals.sources = dict(sorted(totals.sources.items(), key=lambda pair: -pair[1]))
        figures.append(totals)
    return sorted(figures, key=lambda totals: (-totals.views, totals.group.name))


def readership_days(
    *, start: date, end: date, path: str | None, group: Group | None = None
) -> list[DayFigures]:
    """Views, downloads and estimated visitors for each day of the period: of one address, of
    a campaign's or topic's addresses, or of the whole site; days folded into a month count on
    the month's first day."""
    counts, visitors = _period(start, end, path)
    if group is not None:
        counts = counts.filter(_held_by(group))
    per_day = {
        row["day"]: row
        for row in counts.values("day").annotate(views=Sum("views"), downloads=Sum("downloads"))
    }
    visitors = visitors.filter(path=group.key if group else path or "")
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


def _held_by(group: Group) -> Q:
    held = Q(pk__in=[])
    for prefix in group.prefixes:
        held |= Q(path__startswith=prefix)
    return held


def readership_week_top(*, today: date, limit: int = 5) -> list[ItemFigures]:
    return readership_items(start=today - timedelta(days=7), end=today - timedelta(days=1))[:limit]


def shown(value: int, *, protected: bool) -> str:
    """A count as staff see it: below 10 on a protected page, only "fewer than 10"."""
    if protected and 0 < value < SMALL_NUMBER:
        return "fewer than 10"
    return str(value)
