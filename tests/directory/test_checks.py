"""Keeping the directory true: six-monthly checks by email, one click to confirm."""

import datetime
import re

import pytest
from django.utils import timezone

from directory.services import service_checks_request_due
from directory.tasks import request_service_checks
from notifications import crypto
from notifications.models import Email
from publishing.models import Status
from tests.directory.factories import ServiceFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def confirm_link(email: Email) -> str:
    body = crypto.decrypt(email.text_body) if email.sealed else email.text_body
    return re.search(r"http://\S+/find-restorative-justice/check/\S+/", body).group(0)


def test_services_unchecked_for_six_months_are_asked_through_the_outbox(settings):
    settings.SITE_URL = "http://testserver"
    due = ServiceFactory(title="Due", last_checked=days_ago(200), check_email="checks@example.org")
    ServiceFactory(title="Recent", last_checked=days_ago(30))
    ServiceFactory(title="Draft", last_checked=days_ago(400), status=Status.DRAFT)
    ServiceFactory(title="No address", last_checked=days_ago(400), email="")
    assert request_service_checks.delay().get() == 1
    email = Email.objects.get()
    assert email.to == ["checks@example.org"]
    assert email.subject == "Is your entry in our restorative justice directory still correct?"
    # The body carries the one-click link: stored sealed, never in clear in the database.
    assert email.sealed and "/check/" not in email.text_body
    body = crypto.decrypt(email.text_body)
    assert "Due" in body
    assert "/contact/?subject=restorative-justice&service=" + due.slug in body
    due.refresh_from_db()
    assert due.check_requested_at is not None


def test_a_service_is_asked_once_per_period_not_every_day():
    ServiceFactory(last_checked=days_ago(200))
    assert service_checks_request_due() == 1
    assert service_checks_request_due() == 0
    later = timezone.now() + datetime.timedelta(days=190)
    assert service_checks_request_due(now=later) == 1
    assert Email.objects.count() == 2


def test_opening_the_link_confirms_nothing_the_button_does(client, settings):
    settings.SITE_URL = "http://testserver"
    service = ServiceFactory(last_checked=days_ago(200))
    service_checks_request_due()
    link = confirm_link(Email.objects.get())
    # A mail scanner or a link prefetcher only GETs.
    page = client.get(link)
    assert page.status_code == 200
    assert "Yes, it is still correct" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    service.refresh_from_db()
    assert service.last_checked == days_ago(200)
    done = client.post(link)
    assert done.status_code == 200
    service.refresh_from_db()
    assert service.last_checked == timezone.localdate()


def test_a_link_from_an_older_request_or_a_forged_one_is_refused(client, settings):
    settings.SITE_URL = "http://testserver"
    service = ServiceFactory(last_checked=days_ago(200))
    service_checks_request_due()
    old_link = confirm_link(Email.objects.get())
    service_checks_request_due(now=timezone.now() + datetime.timedelta(days=190))
    assert client.post(old_link).status_code == 404
    assert client.get("/find-restorative-justice/check/forged/").status_code == 404
    service.refresh_from_db()
    assert service.last_checked == days_ago(200)


def test_unconfirmed_entries_are_flagged_on_the_admin_home(client):
    ServiceFactory(title="Half a year", last_checked=days_ago(200))
    ServiceFactory(title="Never", last_checked=None)
    ServiceFactory(title="Fresh", last_checked=days_ago(10))
    client.force_login(staff_user())
    html = client.get("/admin/").content.decode()
    assert (
        '<a href="/admin/directory/service/?check=overdue"><strong>2</strong> directory entries '
        "not checked for six months</a>" in html
    )
    changelist = client.get("/admin/directory/service/?check=overdue").context["cl"]
    assert sorted(str(service) for service in changelist.result_list) == ["Half a year", "Never"]


def test_areas_are_read_only_in_the_admin(client):
    client.force_login(staff_user())
    assert client.get("/admin/directory/area/").status_code == 200
    assert client.get("/admin/directory/area/add/").status_code == 403
    html = client.get("/admin/").content.decode()
    assert "Directory" in html
