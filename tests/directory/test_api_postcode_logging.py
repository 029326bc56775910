"""The API's `postcode` parameter stays out of every log line: the development server's request
lines, Django's warnings and gunicorn's access log (run as the Procfile runs it)."""

import logging
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
POSTCODE = "SW1A1AA"
URL = f"/api/v1/directory/taxonomy_terms?per_page=5&postcode={POSTCODE}"


def test_the_development_servers_request_line_leaves_the_postcode_out():
    # the site's own handler (pytest adds its capturing ones beside it)
    (handler,) = [
        handler
        for handler in logging.getLogger("django.server").handlers
        if type(handler) is logging.StreamHandler
    ]
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        (f"GET {URL} HTTP/1.1", 400, 80), None,
    )  # fmt: skip
    assert handler.filter(record)
    line = handler.format(record)
    assert POSTCODE not in line
    assert "/api/v1/directory/taxonomy_terms?per_page=5&postcode=[removed]" in line


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def procfile_web(tmp_path):
    """gunicorn started by the Procfile's own `web` line, its output collected."""
    command = re.search(r"^web: (.+)$", (ROOT / "Procfile").read_text(), re.M).group(1)
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    output = tmp_path / "out.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            ["bash", "-c", f"exec {ROOT / '.venv/bin'}/{command}"],
            cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.2)
            yield port, output
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_gunicorns_access_log_and_djangos_warning_leave_the_postcode_out(procfile_web):
    port, output = procfile_web
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}{URL}", timeout=30)
    except urllib.error.HTTPError as error:
        assert error.code == 400  # taxonomy terms take no postcode: refused, and named
    deadline = time.monotonic() + 30
    # The access line is written after Django's warning: wait for it, not the warning.
    while '"GET /api/v1/directory/taxonomy_terms' not in output.read_text() and (
        time.monotonic() < deadline
    ):
        time.sleep(0.2)
    log = output.read_text()
    assert '"GET /api/v1/directory/taxonomy_terms HTTP/1.1" 400' in log
    assert "Bad Request: /api/v1/directory/taxonomy_terms" in log
    assert POSTCODE not in log
