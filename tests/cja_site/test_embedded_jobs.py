"""The embedded default runs beat's schedule inside the development server: a newcomer who asks
for updates, confirms and then sees staff publish gets the update email, printed in the server's
terminal, with no worker, beat or broker started. Everything the newcomer does goes over HTTP
to that one server process, as a browser would."""

import html
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "victims"  # a demo topic with publications that no demo follower follows
TOPIC_NAME = "Victims"
TITLE = "Restorative justice in youth courts: a new briefing"
SLUG = "youth-courts-briefing"
# Staff write a draft under the topic and publish it with the admin's "Publish now" action
# (the service it calls), as an approver with a second factor.
PUBLISH = f"""
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.utils import timezone
from publications.models import Publication
from publishing.models import Status, Topic
from publishing.review import revision_publish

editor = get_user_model().objects.create_superuser("editor@example.org", "a-long-password-1")
TOTP.activate(editor, "JBSWY3DPEHPK3PXPJBSWY3DP")
draft = Publication.objects.create(
    title={TITLE!r}, slug={SLUG!r}, kind=Publication.Kind.BRIEFING,
    summary="What we found.", body="<p>What we found.</p>", status=Status.DRAFT,
    published_on=timezone.localdate(),
)
draft.topics.add(Topic.objects.get(slug={TOPIC!r}))
revision_publish(item=draft, user=editor, now=True)
"""
# What the console email backend prints after each email.
EMAIL_END = "\n" + "-" * 79 + "\n"
SERVER_START_SECONDS = 90
EMAIL_SECONDS = 120  # the announcer runs every second here; the margin is for a loaded machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}"


def wait_for(condition, timeout: float, what: str):
    """condition()'s first truthy answer, asked every fifth of a second until `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = condition()
        if answer:
            return answer
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class Page:
    url: str
    status: int
    text: str


class Visitor:
    """A browser as the site sees it: it keeps its cookies and sends forms with their CSRF
    token, over plain HTTP to the server."""

    def __init__(self):
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)

    def open(self, url: str, fields: dict | None = None) -> Page:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with self.opener.open(url, data=data, timeout=60) as response:
                return Page(response.url, response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.url, error.code, error.read().decode())

    def submit(self, page: Page, fields: dict) -> Page:
        """Send the page's form back to where it came from (its forms post to themselves)."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no CSRF token in the form at {page.url}"
        return self.open(page.url, {"csrfmiddlewaretoken": token[1], **fields})


def emails_to(log: Path, address: str) -> list[str]:
    """The emails to `address` the server has printed in full so far, each as printed."""
    parts = log.read_text().split(f"To: {address}\n")[1:]
    return [part.split(EMAIL_END, 1)[0] for part in parts if EMAIL_END in part]


def email_to(log: Path, address: str, containing: str, what: str) -> str:
    return wait_for(
        lambda: next((email for email in emails_to(log, address) if containing in email), None),
        EMAIL_SECONDS,
        f"{what} to {address} on the server's console",
    )


@pytest.fixture
def embedded_env(tmp_path):
    """Nothing but the embedded default: SQLite, no REDIS_URL, console email; the announcer
    every second so the test need not wait its five minutes."""
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "UPDATES_ANNOUNCE_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo_content")
    return env, port


@pytest.fixture
def dev_server(embedded_env, tmp_path):
    """`manage.py devserver` as `make run` starts it; yields its address and its console log."""
    env, port = embedded_env
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "devserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    site = env["SITE_URL"]
    try:

        def serving():
            assert server.poll() is None, f"the server stopped:\n{log.read_text()}"
            try:
                return urllib.request.urlopen(f"{site}/", timeout=5).status == 200
            except OSError:
                return False

        wait_for(serving, SERVER_START_SECONDS, "the development server")
        yield site, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_newcomer_gets_the_update_from_the_dev_server_alone(embedded_env, dev_server):
    env, _ = embedded_env
    site, log = dev_server
    output = log.read_text()
    assert "Scheduled jobs run in this process" in output
    assert "announce-new-items" in output and "sweep-outbox" in output

    newcomer = f"newcomer-{secrets.token_hex(4)}@example.org"
    visitor = Visitor()

    # The publications about a topic offer its updates; the form asks for an address.
    listing = visitor.open(f"{site}/publications/?topic={TOPIC}")
    assert listing.status == 200
    follow_link = re.search(r'href="([^"]+)">Get email updates about ' + TOPIC_NAME, listing.text)
    assert follow_link, "the topic's publications offer no email updates"
    form = visitor.open(urllib.parse.urljoin(site, html.unescape(follow_link[1])))
    assert form.status == 200 and f"Get email updates about the topic “{TOPIC_NAME}”" in form.text
    answer = visitor.submit(form, {"email": newcomer, "frequency": "immediate"})
    assert answer.status == 200 and answer.url == f"{site}/updates/check-your-email/"

    # The confirmation email's link, on SITE_URL, shows a button that confirms.
    confirmation = email_to(log, newcomer, "/updates/confirm/", "the confirmation email")
    link = re.search(r"\S+/updates/confirm/\S+", confirmation)[0]
    assert link.startswith(f"{site}/updates/confirm/"), link
    confirm_page = visitor.open(link)
    assert confirm_page.status == 200 and "Yes, send me these updates" in confirm_page.text
    confirmed = visitor.submit(confirm_page, {})
    assert confirmed.status == 200 and "You are signed up for email updates" in confirmed.text
    assert newcomer in confirmed.text

    manage(env, "shell", "-c", PUBLISH)
    assert visitor.open(f"{site}/publications/{SLUG}/").status == 200

    update = email_to(log, newcomer, TITLE, "the update email")
    assert f"Subject: New briefing: {TITLE}" in update
    assert f"{site}/publications/{SLUG}/" in update
