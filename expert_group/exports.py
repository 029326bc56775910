"""Exports for staff: the attendance list as CSV (the meeting page's link and the admin actions)."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from .selectors import meetings as selectors


def attendance_csv_response(meetings) -> HttpResponse:
    """Attendance as CSV for staff, access needs included. Cells are guarded against formulas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attendance.csv"'
    writer = csv.writer(response)
    writer.writerow(["Meeting", "Starts", "Name", "Email", "Response", "Access needs", "Answered"])
    for meeting in meetings:
        for rsvp in selectors.attendance(meeting=meeting):
            writer.writerow(
                [
                    _cell(meeting.title),
                    timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                    _cell(rsvp.user.get_full_name()),
                    _cell(rsvp.user.email),
                    rsvp.get_response_display(),
                    _cell(rsvp.access_needs),
                    timezone.localtime(rsvp.responded_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
    return response


def _cell(value: str) -> str:
    # A spreadsheet would run a cell starting with these as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
