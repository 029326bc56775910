"""The Readership section of the admin: what is read, over a chosen period, as a chart, a
table and a CSV. It needs the "view readership" permission and shows counts only."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse

from .chart import HEIGHT, WIDTH, bars_of
from .forms import PeriodForm
from .models import ReadCount
from .selectors import is_protected, protected_paths, readership_days, readership_items, shown


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
        start, end, path = period["start"], period["end"], period.get("path") or None
        items = readership_items(start=start, end=end)
        if path:
            items = [item for item in items if item.path == path]
        if request.GET.get("download") == "csv":
            return _csv_response(items, start, end)
        protected = bool(path) and is_protected(path, protected_paths())
        days = readership_days(start=start, end=end, path=path)
        context |= {
            "start": start,
            "end": end,
            "path": path,
            "rows": [_row(item) for item in items],
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
                    (
                        day.day.strftime("%-d %b"),
                        None
                        if shown(day.views, protected=protected) != str(day.views)
                        else day.views,
                    )
                    for day in days
                ]
            ),
            "total_views": sum(day.views for day in days),
            "protected": protected,
            "csv_query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/readership/report.html", context)
