"""The Readership section of the admin: what is read, over a chosen period, as a chart, a
table and a CSV. It needs the "view readership" permission and shows counts only."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse

from .chart import HEIGHT, WIDTH, bars_of, rows_of
from .forms import PeriodForm
from .groups import GROUP_KINDS, groups_of
from .models import ReadCount
from .selectors import (
    is_protected,
    protected_paths,
    readership_days,
    readership_groups,
    readership_items,
    shown,
)


def _csv_response(items, start, end) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="readership-{start}-to-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "address",
            "views",
            "daily visitors (summed)",
            "downloads",
            "feed fetches",
            "API calls",
            "sources",
        ]
    )
    for item in items:
        figures = [
            shown(value, protected=item.protected)
            for value in (
                item.views,
                item.visitors,
                item.downloads,
                item.feed_fetches,
                item.api_calls,
            )
        ]
        sources = "; ".join(
            f"{label}: {shown(count, protected=item.protected)}"
            for label, count in item.sources.items()
        )
        writer.writerow([item.path, *figures, sources])
    return response


def _group_csv_response(figures, kind, start, end) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="readership-by-{kind}-{start}-to-{end}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            kind,
            "views",
            "daily visitors (summed)",
            "downloads",
            "feed fetches",
            "API calls",
            "clicks from its update emails",
            "sources",
        ]
    )
    for row in (_group_row(totals) for totals in figures):
        sources = "; ".join(f"{label}: {count}" for label, count in row["sources"])
        writer.writerow(
            [
                row["name"],
                row["views"],
                row["visitors"],
                row["downloads"],
                row["feed_fetches"],
                row["api_calls"],
                row["from_its_emails"],
                sources,
            ]
        )
    return response


def _group_row(totals) -> dict:
    def show(value):
        return shown(value, protected=totals.protected)

    return {
        "pk": totals.group.pk,
        "name": totals.group.name,
        "views": show(totals.views),
        "visitors": show(totals.visitors),
        "downloads": show(totals.downloads),
        "feed_fetches": show(totals.feed_fetches),
        "api_calls": show(totals.api_calls),
        "from_its_emails": show(totals.from_its_emails),
        "sources": [(label, show(count)) for label, count in totals.sources.items()],
    }


def _bar_value(value: int, *, protected: bool) -> int | None:
    """A bar's length, or None for a number that is not to be shown."""
    return None if shown(value, protected=protected) != str(value) else value


def _row(item) -> dict:
    def show(value):
        return shown(value, protected=item.protected)

    return {
        "path": item.path,
        "views": show(item.views),
        "visitors": show(item.visitors),
        "downloads": show(item.downloads),
        "feed_fetches": show(item.feed_fetches),
        "api_calls": show(item.api_calls),
        "sources": [(label, show(count)) for label, count in item.sources.items()],
    }


@admin.register(ReadCount)
class ReadershipAdmin(admin.ModelAdmin):
    """The list page is the report; counts are written by the nightly rollup, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.changelist_view(request)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        form = PeriodForm({**PeriodForm.initial_period(), **request.GET.dict()})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Readership",
            "form": form,
            "chart_width": WIDTH,
            "chart_height": HEIGHT,
        }
        if not form.is_valid():
            return TemplateResponse(request, "admin/readership/report.html", context, status=400)
        period = form.cleaned_data
        if period["by"] != "address":
            return self._groups_view(request, context, form, period)
        start, end, path = period["start"], period["end"], period.get("path") or None
        items = readership_items(start=start, end=end)
        if path:
            items = [item for item in items if item.path == path]
        if request.GET.get("download") == "csv":
            return _csv_response(items, start, end)
        protected = bool(path) and is_protected(path, protected_paths())
        days = readership_days(start=start, end=end, path=path)
        context |= self._days_context(days, protected=protected) | {
            "start": start,
            "end": end,
            "path": path,
            "rows": [_row(item) for item in items],
            "csv_query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/readership/report.html", context)

    def _days_context(self, days, *, protected: bool) -> dict:
        return {
            "days": [
                {
                    "day": day.day,
                    "views": shown(day.views, protected=protected),
                    "visitors": shown(day.visitors, protected=protected),
                    "downloads": shown(day.downloads, protected=protected),
                }
                for day in days
            ],
            "bars": bars_of(
                [
                    (day.day.strftime("%-d %b"), _bar_value(day.views, protected=protected))
                    for day in days
                ]
            ),
            "total_views": shown(sum(day.views for day in days), protected=protected),
            "protected": protected,
        }

    def _groups_view(self, request, context, form, period):
        """Figures by campaign or by topic; with `group`, one of them day by day and address
        by address."""
        kind, start, end = period["by"], period["start"], period["end"]
        groups = groups_of(kind)
        chosen = period.get("group")
        if chosen is not None:
            groups = [group for group in groups if group.pk == chosen]
            if not groups:
                form.add_error(None, f"There is no such {GROUP_KINDS[kind]}.")
                return TemplateResponse(
                    request, "admin/readership/report.html", context, status=400
                )
        figures = readership_groups(start=start, end=end, groups=groups)
        if request.GET.get("download") == "csv":
            return _group_csv_response(figures, GROUP_KINDS[kind], start, end)
        context |= {
            "start": start,
            "end": end,
            "by": kind,
            "kind_label": GROUP_KINDS[kind],
            "group_rows": [_group_row(totals) for totals in figures],
            "csv_query": request.GET.urlencode(),
        }
        if chosen is None:
            rows, height = rows_of(
                [
                    (totals.group.name, _bar_value(totals.views, protected=totals.protected))
                    for totals in figures
                ]
            )
            context |= {"group_bars": rows, "group_chart_height": height}
        else:
            totals = figures[0]
            days = readership_days(start=start, end=end, path=None, group=totals.group)
            context |= self._days_context(days, protected=totals.protected) | {
                "group": totals.group,
                "rows": [_row(item) for item in totals.items],
            }
        return TemplateResponse(request, "admin/readership/report.html", context)
