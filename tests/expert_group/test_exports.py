"""The attendance list staff download: one row per answer, cells a spreadsheet will not run."""

import csv
import io

import pytest

from expert_group.exports import attendance_csv_response
from expert_group.models import Rsvp

from .factories import MeetingFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_one_row_per_answer_with_access_needs_as_an_attachment():
    meeting = MeetingFactory(title="Spring meeting")
    RsvpFactory(
        meeting=meeting,
        user=UserFactory(full_name="Ada Mensah", email="ada@example.org"),
        response=Rsvp.Response.APOLOGIES,
        access_needs="Step-free access",
    )
    response = attendance_csv_response([meeting])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="attendance.csv"'
    header, row = rows(response)
    assert header == ["Meeting", "Starts", "Name", "Email", "Response", "Access needs", "Answered"]
    assert row[0] == "Spring meeting"
    assert row[2:6] == ["Ada Mensah", "ada@example.org", "Sending apologies", "Step-free access"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_a_spreadsheet_would_run_are_quoted(start):
    meeting = MeetingFactory(title=f"{start}HYPERLINK(evil)")
    RsvpFactory(meeting=meeting, access_needs=f"{start}1+1")
    (row,) = rows(attendance_csv_response([meeting]))[1:]
    assert row[0] == f"'{start}HYPERLINK(evil)"
    assert row[5] == f"'{start}1+1"
