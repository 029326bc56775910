"""The embedded default runs beat's schedule inside the development server: a follower gets the
update email, printed in the server's terminal, with no worker, beat or broker started."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLLOWER = "demo-follower-1@example.org"  # follows new publications, emailed at once (demo)
TITLE = "Restorative justice in youth courts: a new briefing"
PUBLISH = f"""
from django.utils import timezone
from publications.models import Publication
from publishing.models import Status
Publication.objects.create(
    title={TITLE!r}, slug="youth-courts-briefing", kind=Publication.Kind.BRIEFING,
    summary="What we found.", body="<p>What we found.</p>", status=Status.PUBLISHED,
    published_on=timezone.localdate(),
)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


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


def test_a_follower_gets_the_update_from_the_dev_server_alone(embedded_env, tmp_path):
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
    try:

        def serving():
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status == 200
            except OSError:
                return False

        wait_for(serving, 60, "the development server")
        output = log.read_text()
        assert "Scheduled jobs run in this process" in output
        assert "announce-new-items" in output and "sweep-outbox" in output

        manage(env, "shell", "-c", PUBLISH)  # staff publish (what the admin's save does)

        def announced():
            text = log.read_text()
            return f"To: {FOLLOWER}" in text and TITLE in text

        wait_for(announced, 90, f"the update email to {FOLLOWER} on the console")
        email = log.read_text().split(f"To: {FOLLOWER}", 1)[1]
        assert f"http://127.0.0.1:{port}/publications/youth-courts-briefing/" in email
    finally:
        server.terminate()
        server.wait(timeout=20)
