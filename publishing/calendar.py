"""The publishing calendar: by month, what goes live and what comes down, and the dates other
apps add (consultations closing, government responses due).

An app adds its dates with a function named on its AppConfig,
`calendar_source = "tracking.calendar.calendar_entries"`, taking `start`, `end` (dates, both
included) and `user`, and returning CalendarEntry rows the user may see.
"""

import calendar
import datetime
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Status, publishable_models

GOES_LIVE = "live"
COMES_DOWN = "down"


@dataclass(frozen=True)
class CalendarEntry:
    day: datetime.date
    kind: str  # a short key, used in CSS: "live", "down", "closes", "due"
    kind_label: str  # what it says beside the title: "Goes live", "Comes down"…
    title: str
    url: str  # where staff act on it (the admin)
    detail: str = ""  # "Publication, 09:00"


@dataclass(frozen=True)
class CalendarMonth:
    first: datetime.date
    weeks: list[list[datetime.date | None]]  # Monday first; None outside the month
    entries: dict[datetime.date, list[CalendarEntry]]

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return (self.first + datetime.timedelta(days=32)).replace(day=1)

    @property
    def days_with_entries(self) -> list[tuple[datetime.date, list[CalendarEntry]]]:
        return sorted(self.entries.items())


def calendar_month(*, year: int, month: int, user) -> CalendarMonth:
    """The month's days laid out in weeks, and what happens on each, for what `user` may view."""
    first = datetime.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    by_day: dict[datetime.date, list[CalendarEntry]] = {}
    for entry in sorted(calendar_entries(start=first, end=last, user=user), key=_sort_key):
        by_day.setdefault(entry.day, []).append(entry)
    weeks = [
        [day if day.month == month else None for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    return CalendarMonth(first=first, weeks=weeks, entries=by_day)


def calendar_entries(*, start: datetime.date, end: datetime.date, user) -> list[CalendarEntry]:
    entries = publishing_entries(start=start, end=end, user=user)
    for source in _sources():
        entries += source(start=start, end=end, user=user)
    return entries


def publishing_entries(*, start: datetime.date, end: datetime.date, user) -> list[CalendarEntry]:
    """Published items whose publish-at or take-down-at falls in these days (local time)."""
    since, until = _local_midnight(start), _local_midnight(end + datetime.timedelta(days=1))
    entries = []
    for model in publishable_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        kind_name = str(opts.verbose_name).capitalize()
        for field, kind, label in [
            ("publish_at", GOES_LIVE, "Goes live"),
            ("take_down_at", COMES_DOWN, "Comes down"),
        ]:
            rows = model.objects.filter(
                status=Status.PUBLISHED, **{f"{field}__gte": since, f"{field}__lt": until}
            ).values_list("pk", "title", field)
            for pk, title, moment in rows:
                local = timezone.localtime(moment)
                entries.append(
                    CalendarEntry(
                        day=local.date(),
                        kind=kind,
                        kind_label=label,
                        title=title,
                        url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]),
                        detail=f"{kind_name}, {local:%H:%M}",
                    )
                )
    return entries


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _sort_key(entry: CalendarEntry):
    return (entry.day, entry.kind != GOES_LIVE, entry.kind != COMES_DOWN, entry.title)


@cache
def _sources() -> tuple:
    return tuple(
        import_string(config.calendar_source)
        for config in apps.get_app_configs()
        if getattr(config, "calendar_source", None)
    )
