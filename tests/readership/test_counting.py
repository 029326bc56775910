"""Reads counted on the server from several simulated visitors, rolled up, and found in the
Readership admin; what must never be counted, is not; nothing identifying is stored."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from readership import counting
from readership.models import ReadCount, VisitorEstimate
from readership.services import readership_fold_old_days, readership_rollup
from tests.factories import PageFactory, staff_user
from tests.publications.factories import AttachmentFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:{n}.0) Gecko/20100101 Firefox/{n}.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def visitor(n: int, **headers) -> Client:
    return Client(
        REMOTE_ADDR=f"203.0.113.{n}", HTTP_USER_AGENT=BROWSER.format(n=100 + n), **headers
    )


def report(staff, **params):
    client = Client()
    client.force_login(staff)
    response = client.get("/admin/readership/readcount/", params)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, path: str) -> list[str]:
    match = re.search(
        rf'<th scope="row"><a href="[^"]*">{re.escape(path)}</a></th>(.*?)</tr>', html, re.S
    )
    assert match, f"no row for {path}"
    return re.findall(r"<td>(.*?)</td>", match.group(1))


def today_params():
    today = timezone.localdate()
    return {"start": today.isoformat(), "end": today.isoformat()}


def test_views_and_downloads_from_many_visitors_reach_the_admin(readership_redis):
    page = PageFactory(slug="about-us")
    attachment = AttachmentFactory()
    visitors = [visitor(n) for n in range(1, 41)]
    for client in visitors:
        # Twice each: the second is a page-cache hit, and still counted.
        assert client.get("/about-us/").status_code == 200
        assert client.get("/about-us/", HTTP_REFERER="https://www.google.co.uk/").status_code == 200
    for client in visitors[:12]:
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 200
        b"".join(response.streaming_content)

    assert readership_rollup(day=timezone.localdate()) > 0
    html = report(staff_user(), **today_params())

    views, visitors_estimate, downloads, *_ = row_of(html, page.get_absolute_url())
    assert views == "80"
    # HyperLogLog's standard error in Redis is 0.81 %; at 40 it is all but exact.
    assert abs(int(visitors_estimate) - 40) <= 2
    assert downloads == "0"
    _doc_views, doc_visitors, doc_downloads, *_ = row_of(html, attachment.get_absolute_url())
    assert doc_downloads == "12"
    assert abs(int(doc_visitors) - 12) <= 1
    assert "Search engines: 40" in html
    assert "Direct (no referrer): 40" in html
    assert "<title" in html and "<desc" in html


def test_what_is_never_counted(readership_redis):
    PageFactory(slug="about-us")
    cases = [
        visitor(1, HTTP_SEC_GPC="1"),
        visitor(2, HTTP_DNT="1"),
        Client(REMOTE_ADDR="203.0.113.3", HTTP_USER_AGENT=GOOGLEBOT),
        Client(REMOTE_ADDR="203.0.113.4"),  # no user agent at all
    ]
    for client in cases:
        assert client.get("/about-us/").status_code == 200
    staff = Client(REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=BROWSER.format(n=1))
    staff.force_login(staff_user())
    assert staff.get("/about-us/").status_code == 200
    assert visitor(6).get("/no-such-page/").status_code == 404

    counting.readership_flush()
    assert readership_redis.hgetall(counting.counts_key(timezone.localdate())) == {}


def test_sources_are_told_by_the_referring_host_only(readership_redis):
    PageFactory(slug="about-us")
    referers = {
        "https://duckduckgo.com/?q=restorative+justice": "Search engines",
        "https://l.facebook.com/l.php?u=secret": "Social media",
        "https://bsky.app/profile/someone": "Social media",
        "https://mastodon.social/@someone/1": "Social media",
        "https://news.example.org/story/123?reader=42": "news.example.org",
    }
    for n, referer in enumerate(referers, start=1):
        visitor(n).get("/about-us/", HTTP_REFERER=referer)
    visitor(9).get("/about-us/?src=update")
    visitor(10).get("/about-us/?src=update&about=person:alice@example.org")
    readership_rollup(day=timezone.localdate())

    html = report(staff_user(), **today_params())
    for label in set(referers.values()) | {"Email updates"}:
        assert label in html
    hosts = set(ReadCount.objects.values_list("referrer_host", flat=True))
    assert hosts == {"", "news.example.org"}
    # Only what our emails write ("campaign:12") is kept of what an email link says.
    assert ReadCount.objects.get(source="email").email_about == ""
    assert "story" not in html and "reader=42" not in html


def test_counting_never_breaks_a_page_when_redis_is_down(readership_redis, monkeypatch, rf):
    PageFactory(slug="about-us")
    dead = counting.redis_connect("redis://127.0.0.1:1/0")
    monkeypatch.setattr(counting, "_client", lambda: dead)
    for n in range(3):
        assert visitor(n).get("/about-us/").status_code == 200
    counting.readership_flush()
    assert counting._State.resting_until > time.monotonic()

    # The page never waits on Redis: a read is queued, and sent (or given up) by another thread.
    counting._State.resting_until = 0.0
    request = rf.get("/about-us/", HTTP_USER_AGENT=BROWSER.format(n=1))
    started = time.monotonic()
    for _ in range(50):
        counting.read_record(request, kind=counting.VIEW)
    assert time.monotonic() - started < 0.1
    counting.readership_flush()


def test_a_dump_holds_no_address_agent_or_hash(readership_redis):
    PageFactory(slug="about-us")
    for n in range(1, 6):
        visitor(n).get("/about-us/", HTTP_REFERER="https://www.bing.com/search?q=x")
    readership_rollup(day=timezone.localdate())
    dump = io.StringIO()
    call_command("dumpdata", "readership", stdout=dump)
    text = dump.getvalue()
    assert "about-us" in text
    assert "203.0.113" not in text
    assert "Firefox" not in text
    assert not re.search(r"[0-9a-f]{32}", text)
    # Nor in Redis: the HyperLogLog keeps registers, the hash never stored.
    for key in readership_redis.scan_iter("readership:*"):
        if readership_redis.type(key) == b"hash":
            assert b"203.0.113" not in b"".join(readership_redis.hgetall(key).keys())


def test_the_salt_expires_with_the_day(readership_redis):
    PageFactory(slug="about-us")
    visitor(1).get("/about-us/")
    counting.readership_flush()
    ttl = readership_redis.ttl(counting.salt_key(timezone.localdate()))
    assert 0 < ttl <= 24 * 3600 + 3600


def test_small_counts_on_exit_pages_are_hidden(readership_redis):
    page = PageFactory(slug="safe-page", show_exit_button=True)
    PageFactory(slug="plain-page")
    for n in range(1, 4):
        visitor(n).get("/safe-page/")
        visitor(n).get("/plain-page/")
    readership_rollup(day=timezone.localdate())
    staff = staff_user()

    html = report(staff, **today_params())
    assert row_of(html, page.get_absolute_url())[0] == "fewer than 10"
    assert row_of(html, "/plain-page/")[0] == "3"
    csv = report(staff, **today_params(), download="csv")
    assert "/safe-page/,fewer than 10" in csv


def test_old_days_fold_into_monthly_totals():
    today = timezone.localdate()
    old = today.replace(day=1) - timedelta(days=800)
    for offset in range(3):
        ReadCount.objects.create(
            day=old.replace(day=1 + offset), path="/a/", source="direct", views=2
        )
        VisitorEstimate.objects.create(day=old.replace(day=1 + offset), path="/a/", visitors=1)
    recent = today - timedelta(days=30)
    ReadCount.objects.create(day=recent, path="/a/", source="direct", views=5)

    assert readership_fold_old_days(today=today) == 3
    monthly = ReadCount.objects.get(period="month")
    assert (monthly.day, monthly.views) == (old.replace(day=1), 6)
    assert VisitorEstimate.objects.get(period="month").visitors == 3
    assert ReadCount.objects.filter(period="day").get().day == recent


def test_the_report_needs_its_permission_and_explains_bad_dates(readership_redis):
    allowed = staff_user(is_superuser=False, permissions=("readership.view_readcount",))
    refused = staff_user(is_superuser=False, email="other@example.org")
    client = Client()
    client.force_login(refused)
    assert client.get("/admin/readership/readcount/").status_code == 403
    client.force_login(allowed)
    response = client.get(
        "/admin/readership/readcount/", {"start": "2026-05-02", "end": "2026-05-01"}
    )
    assert response.status_code == 400
    assert b"The end date must not be before the start date." in response.content
    response = client.get("/admin/readership/readcount/", {"start": "nonsense", "end": "x"})
    assert response.status_code == 400
    assert client.get("/admin/readership/readcount/").status_code == 200


def test_feeds_and_api_calls_are_counted_and_the_admin_home_shows_the_week(readership_redis):
    for n in range(1, 4):
        assert visitor(n).get("/publications/feed/").status_code == 200
        assert visitor(n).get("/api/v1/publications/").status_code == 200
    readership_rollup(day=timezone.localdate())
    html = report(staff_user(), **today_params())
    assert row_of(html, "/publications/feed/")[3] == "3"
    assert row_of(html, "/api/v1/publications/")[4] == "3"

    ReadCount.objects.update(day=timezone.localdate() - timedelta(days=1))
    client = Client()
    client.force_login(staff_user(email="home@example.org"))
    home = client.get("/admin/").content.decode()
    assert "Most read in the last 7 days" in home
    assert "/publications/feed/</a>: 3 reads" in home
