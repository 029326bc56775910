"""Staff see counts per format, what is open and due, and fulfil "another format" by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from formats.models import FormatRequest
from notifications.models import Email
from tests.factories import staff_user

from .conftest import attach_alternative

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/formats/formatrequest/"


@pytest.fixture
def staff_client(client):
    client.force_login(staff_user())
    return client


def test_the_list_counts_requests_per_format(staff_client, submit, document):
    submit(format="audio")
    submit(format="audio")
    submit(format="bsl")
    FormatRequest.objects.filter(format="bsl").update(status=FormatRequest.Status.CLOSED)
    response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    counts = {
        row["format"]: (row["open"], row["total"]) for row in response.context["format_counts"]
    }
    assert counts["Audio"] == (2, 2)
    assert counts["British Sign Language (BSL) video"] == (0, 1)
    assert counts["Easy Read"] == (0, 0)
    assert "Requests by format" in response.content.decode()


def test_the_admin_home_shows_open_requests_and_those_due_soon(staff_client, submit):
    submit(format="audio")
    submit(format="bsl")
    FormatRequest.objects.filter(format="bsl").update(
        due_on=timezone.localdate() + timedelta(days=1)
    )
    html = staff_client.get("/admin/").content.decode()
    assert "<strong>2</strong> format requests open" in html
    assert "<strong>1</strong> format request due within 2 days or overdue" in html
    soon = staff_client.get(CHANGELIST + "?due=soon")
    assert [r.format for r in soon.context["cl"].result_list] == ["bsl"]


def test_reference_search_finds_the_request(staff_client, submit):
    submit()
    request = FormatRequest.objects.get()
    response = staff_client.get(CHANGELIST, {"q": request.reference.lower()})
    assert list(response.context["cl"].result_list) == [request]
    assert staff_client.get(CHANGELIST, {"q": "FMT-2026-9999999999"}).status_code == 200


def test_staff_fulfil_another_format_by_choosing_the_file(staff_client, submit, document):
    submit(format="other", other_format="Welsh")
    request = FormatRequest.objects.get()
    welsh = attach_alternative(document, fmt="welsh", title="Cymraeg")
    url = f"{CHANGELIST}{request.pk}/change/"
    form = staff_client.get(url).context["adminform"].form
    assert list(form.fields["fulfilled_with"].queryset) == [welsh]
    response = staff_client.post(url, {"fulfilled_with": welsh.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == FormatRequest.Status.FULFILLED and request.fulfilled_with == welsh
    ready = Email.objects.get(key=f"format-request-{request.pk}-fulfilled")
    assert welsh.get_absolute_url() in ready.text_body


def test_the_actions_fulfil_what_is_attached_and_close_the_rest(staff_client, submit, document):
    submit(format="easy-read")
    submit(format="audio")
    easy_read, audio = FormatRequest.objects.order_by("pk")
    FormatRequest.objects.filter(pk=easy_read.pk).update(document=document)
    # Attached some way that fulfilled nothing by itself (the signal runs after commit).
    attach_alternative(document)
    ids = [str(easy_read.pk), str(audio.pk)]
    staff_client.post(CHANGELIST, {"action": "fulfil_with_matching", "_selected_action": ids})
    staff_client.post(CHANGELIST, {"action": "close", "_selected_action": ids})
    statuses = dict(FormatRequest.objects.values_list("format", "status"))
    assert statuses == {"easy-read": "fulfilled", "audio": "closed"}
