"""gunicorn serving the site under a production environment: the headers a browser relies on."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .test_settings import PRODUCTION_ENV, ROOT

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1,www.example.org.uk",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
    }
    for command in (
        ["migrate", "--no-input"],
        ["collectstatic", "--no-input"],
        ["load_demo_content"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return env


def serve(env):
    port = free_port()
    process = subprocess.Popen(
        [BIN / "gunicorn", "cja_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def fetch(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as response:
        return response


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_serves_pages_with_security_headers_over_plain_http(production_env):
    env = {**production_env, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    process, port = serve(env)
    try:
        response = fetch(port, "/restorative-cjs/")
        assert response.status == 200
        assert b"restorative" in response.read()
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in response.headers
        stylesheet = fetch(port, "/static/css/site.css")
        assert stylesheet.status == 200, "WhiteNoise serves the collected static files"
    finally:
        process.kill()
        process.wait()


def test_gunicorn_redirects_to_https_and_sends_hsts(production_env):
    process, port = serve(production_env)
    try:
        plain = fetch(port, "/")
        assert plain.status == 301
        assert plain.headers["Location"].startswith("https://")
        secure = fetch(port, "/", headers={"X-Forwarded-Proto": "https"})
        assert secure.status == 200
        assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
        assert "Content-Security-Policy" in secure.headers
    finally:
        process.kill()
        process.wait()


def test_a_page_from_the_page_cache_carries_every_security_header(production_env):
    process, port = serve(production_env)
    https = {"X-Forwarded-Proto": "https"}
    try:
        fresh = fetch(port, "/publications/", headers=https)
        cached = fetch(port, "/publications/", headers=https)  # one worker: from its cache
        assert cached.read() == fresh.read()
        for response in (fresh, cached):
            assert response.status == 200
            assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
            assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
            assert "s-maxage=" in response.headers["Cache-Control"]
            assert response.headers["Vary"] == "Cookie"
    finally:
        process.kill()
        process.wait()


def test_production_404_page_is_helpful(production_env):
    env = {**production_env, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    process, port = serve(env)
    try:
        response = fetch(port, "/no-such-page/")
        assert response.status == 404
        assert b"Page not found" in response.read()
    finally:
        process.kill()
        process.wait()


def test_a_request_line_too_long_for_gunicorn_is_a_414_the_schema_documents(production_env):
    env = {**production_env, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    process, port = serve(env)
    try:
        # One byte over gunicorn's limit on the request line (4,094 bytes, method and version in).
        line_limit = 4094 - len("GET  HTTP/1.1")
        path = "/api/v1/publications/?topic="
        response = fetch(port, path + "x" * (line_limit - len(path) + 1))
        assert response.status == 414
        schema = json.loads(fetch(port, "/api/schema/?format=json").read())
        for methods in schema["paths"].values():
            for operation in methods.values():
                assert "414" in operation["responses"], operation["operationId"]
    finally:
        process.kill()
        process.wait()
