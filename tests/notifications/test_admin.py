"""The email log in the admin: staff only, filters, search, "retry now", no N+1."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Email
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_email_changelist")


def make_email(key, *, to="ada@example.org", status=Email.Status.SENT, **fields):
    return Email.objects.create(
        key=key,
        to=[to],
        subject=f"Subject {key}",
        text_body=f"Private body of {key}",
        html_body=f"<p>Private html of {key}</p>",
        status=status,
        **fields,
    )


@pytest.fixture
def staff_client(client):
    client.force_login(staff_user())
    return client


def test_anonymous_and_non_staff_people_never_see_an_email(client):
    email = make_email("secret")
    url = reverse("admin:notifications_email_change", args=[email.pk])
    for path in (CHANGELIST, url):
        response = client.get(path)
        assert response.status_code == 302
        assert "Private" not in response.content.decode()
    client.force_login(UserFactory(is_staff=False))
    for path in (CHANGELIST, url, "/notifications/"):
        response = client.get(path)
        assert response.status_code in (302, 404)
        assert "Private" not in response.content.decode()


def test_staff_without_permission_cannot_see_the_log(client):
    client.force_login(staff_user(is_superuser=False))
    assert client.get(CHANGELIST).status_code == 403


def test_staff_see_the_body_on_the_detail_page(staff_client):
    email = make_email("greeting")
    response = staff_client.get(reverse("admin:notifications_email_change", args=[email.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Private body of greeting" in content
    # The HTML body is shown as source, never rendered into the admin page.
    assert "&lt;p&gt;Private html of greeting&lt;/p&gt;" in content


def test_the_log_filters_by_status_and_searches_recipients(staff_client):
    make_email("one", to="ada@example.org")
    make_email("two", to="grace@example.org", status=Email.Status.FAILED)
    response = staff_client.get(CHANGELIST, {"status__exact": "failed"})
    assert [e.key for e in response.context["cl"].result_list] == ["two"]
    response = staff_client.get(CHANGELIST, {"q": "grace@"})
    assert [e.key for e in response.context["cl"].result_list] == ["two"]


def test_the_log_costs_the_same_queries_for_many_rows(staff_client, django_assert_num_queries):
    make_email("first")
    staff_client.get(CHANGELIST)  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert staff_client.get(CHANGELIST).status_code == 200
    for n in range(30):
        make_email(f"more-{n}")
    with django_assert_num_queries(len(one)):
        response = staff_client.get(CHANGELIST)
    assert "Private body" not in response.content.decode()


def test_retry_now_resends_failed_emails_only(staff_client, django_capture_on_commit_callbacks):
    failed = make_email("failed", status=Email.Status.FAILED, attempts=6)
    sent = make_email("sent")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CHANGELIST,
            {"action": "retry_now", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 failed email(s) queued to be sent again." in response.content.decode()
    assert "1 email(s) were not failed" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Email.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Subject failed"]


def test_staff_who_may_only_view_cannot_retry(client):
    from django.contrib.auth.models import Permission

    viewer = staff_user(is_superuser=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_email"))
    client.force_login(viewer)
    failed = make_email("failed", status=Email.Status.FAILED)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "retry_now" not in response.content.decode()
    client.post(CHANGELIST, {"action": "retry_now", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == Email.Status.FAILED
