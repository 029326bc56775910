"""Without Redis, two web processes still agree: with DEBUG off every cache is one database
table, so a publish, a schedule or an unpublish made anywhere turns over every process's pages
(with local memory, one gunicorn listed a scheduled item early and the other missed it)."""

import os
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from .test_production_server import serve
from .test_settings import PRODUCTION_ENV, ROOT

# Ahead of the moment it is saved: long enough for a few answers from each process first.
SCHEDULE_AHEAD_SECONDS = 15


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-processes")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
    }
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    servers = [serve(env), serve(env)]
    yield env, [port for _, port in servers]
    for process, _ in servers:
        process.kill()
        process.wait()


def manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def in_another_process(env, code: str):
    """Run `code` in a shell of its own, as staff saving in the admin of a third process."""
    setup = (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from publications.models import Publication\n"
        "from publishing.models import Status\n"
        "from publishing.services import publishable_set_status\n"
        "from tests.publications.factories import PublicationFactory\n"
    )
    return manage(env, "shell", "-v", "0", "-c", setup + code).stdout


def listed(port) -> str:
    # A generous timeout: the machine may be busy, and a slow answer is not a wrong one.
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/publications/", timeout=60) as response:
        assert response.status == 200
        return response.read().decode()


def test_two_processes_agree_on_publish_schedule_and_unpublish(two_servers):
    env, ports = two_servers
    for port in ports * 2:  # each process renders and stores the list, then serves it cached
        assert "Across processes" not in listed(port)

    in_another_process(
        env, "PublicationFactory(title='Across processes: published', slug='published')"
    )
    for port in ports * 2:
        assert "Across processes: published" in listed(port)

    printed = in_another_process(
        env,
        f"due = timezone.now() + timedelta(seconds={SCHEDULE_AHEAD_SECONDS})\n"
        "PublicationFactory(title='Across processes: scheduled', slug='scheduled', publish_at=due)\n"
        "print(due.isoformat())",
    )
    due = datetime.fromisoformat(printed.strip())
    # Every answer made wholly before the time leaves it out; every one asked after has it.
    before, after = set(), set()
    while timezone.now() < due + timedelta(seconds=3) or len(after) < 2:
        for port in ports:
            asked = timezone.now()
            page = listed(port)
            if timezone.now() < due:
                assert "Across processes: scheduled" not in page, port
                before.add(port)
            elif asked >= due:
                assert "Across processes: scheduled" in page, (port, asked - due)
                after.add(port)
        time.sleep(0.2)
    assert before == after == set(ports), "each process answered before and after the time"

    in_another_process(
        env,
        "publishable_set_status(queryset=Publication.objects.filter("
        "title='Across processes: published'), status=Status.DRAFT)",
    )
    for port in ports * 2:
        page = listed(port)
        assert "Across processes: published" not in page
        assert "Across processes: scheduled" in page
