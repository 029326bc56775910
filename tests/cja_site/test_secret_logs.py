"""Every secret-carrying flow driven against gunicorn with the project's logger class (as the
Procfile runs it), then every log line read back: the secrets are not in them, and nothing
found in them opens anything when replayed."""

import http.cookiejar
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from cja_site.secret_routes import REDACTED

from .test_production_server import BIN, ROOT, NoRedirect, free_port, production_env  # noqa: F401

SEED = ROOT / "tests" / "cja_site" / "secret_flows_seed.py"
# What a secret looks like in a log: a long run of URL-safe characters.
CANDIDATE = re.compile(r"[A-Za-z0-9_\-:.~%]{16,}")
SECRET_ROUTE_TEMPLATES = [
    "/expert-group/invitations/{}/",
    "/expert-group/calendar/{}.ics",
    "/expert-group/rsvp/{}/",
    "/find-restorative-justice/check/{}/",
    "/updates/confirm/{}/",
    "/updates/manage/{}/",
    "/updates/unsubscribe/{}/",
    "/accounts/confirm-email/{}/",
    "/accounts/password/reset/key/{}/",
]


class Browser:
    """urllib with cookies, redirects shown rather than followed."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, response.headers, response.read().decode(errors="replace")

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")


@pytest.fixture(scope="module")
def served(production_env, tmp_path_factory):  # noqa: F811
    logs = tmp_path_factory.mktemp("logs")
    env = {**production_env, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    seeded = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEED.read_text()],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    secrets = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    files = {name: logs / f"{name}.log" for name in ("access", "error", "stdout")}
    with files["stdout"].open("w") as stdout:
        process = subprocess.Popen(
            [
                BIN / "gunicorn",
                "cja_site.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--logger-class",
                "cja_site.gunicorn_logging.RedactingLogger",
                "--access-logfile",
                str(files["access"]),
                "--error-logfile",
                str(files["error"]),
            ],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(port)
            yield port, secrets, files
        finally:
            process.terminate()
            process.wait(timeout=20)


def wait_for(port):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def opens_something(path, browser_answer) -> bool:
    """A page that works for the link (200), or the step on to what it opens."""
    status, headers, body = browser_answer
    location = headers.get("Location", "") if status == 302 else ""
    if location.endswith(("/invitations/join/", "-set-password/")):
        return True
    # allauth answers a wrong reset or confirmation key with a 200 that explains; a right
    # reset key moves on to the set-password form, a right confirmation key shows a button.
    if "/password/reset/key/" in path:
        return False
    return status == 200 and ("confirm-email" not in path or 'method="post"' in body)


def secret_values(secrets: dict) -> set[str]:
    """Each link's secret part, as it stands in the path and decoded."""
    values = set()
    for path in secrets.values():
        last = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")
        values.update({last, urllib.parse.unquote(last)})
        if "/password/reset/key/" in path:
            values.add(last.split("-", 1)[1])
    return values


def drive_every_flow(port, secrets):
    """Each link used as its owner would, checking that it works (so that finding nothing in
    the logs means something)."""
    site = f"http://127.0.0.1:{port}"
    for name in ("calendar", "rsvp", "directory_check", "confirm", "manage", "confirm_email"):
        assert opens_something(secrets[name], Browser(port).request(secrets[name])), name
        # The page's own assets and links send its address as the Referer.
        Browser(port).request("/static/css/site.css", headers={"Referer": site + secrets[name]})
    reset = secrets["password_reset"]
    assert opens_something(reset, Browser(port).request(reset))

    # A mangled link: a 400 or 404, which Django's request log records with its path.
    assert Browser(port).request(secrets["manage"] + "x/")[0] in (400, 404)
    assert Browser(port).request(secrets["manage"][:-1] + "x/")[0] == 400
    # A link carried in a query: after signing in, where to go next.
    Browser(port).request("/accounts/login/?" + urllib.parse.urlencode({"next": secrets["rsvp"]}))

    invited = Browser(port)
    status, headers, _ = invited.request(secrets["invitation"])
    assert status == 302 and headers["Location"] == "/expert-group/invitations/join/"
    status, _, _ = invited.request("/expert-group/invitations/join/")
    assert status == 200
    status, _, _ = invited.request(
        "/expert-group/invitations/join/",
        {
            "csrfmiddlewaretoken": invited.csrf(),
            "full_name": "New Comer",
            "password1": "river-lantern-orchard-57",
            "password2": "river-lantern-orchard-57",
        },
        headers={"Referer": site + "/expert-group/invitations/join/"},
    )
    assert status == 302, "the invitation was accepted"

    status, _, page = Browser(port).request(
        secrets["unsubscribe"], {"List-Unsubscribe": "One-Click"}
    )
    assert status == 200 and "You are unsubscribed" in page


def test_no_log_line_holds_a_working_secret(served):
    port, secrets, files = served
    # The links that still work before the flows (the invitation and unsubscribe are used up).
    drive_every_flow(port, secrets)
    logs = "\n".join(path.read_text() for path in files.values())
    assert "/updates/manage/" in logs and REDACTED in logs, "the flows were logged"

    leaked = sorted(value for value in secret_values(secrets) if value in logs)
    assert leaked == []

    # Replay every address logged on a secret route, and every token-like string from the
    # logs in every secret route: none opens anything.
    working = []
    logged_paths = set(re.findall(r"(/[^\s\"']*)", logs))
    for path in logged_paths:
        on_secret_route = any(path.startswith(t.split("{}")[0]) for t in SECRET_ROUTE_TEMPLATES)
        if on_secret_route and opens_something(path, Browser(port).request(path)):
            working.append(path)
    candidates = {match for match in CANDIDATE.findall(logs) if "redacted" not in match}
    for candidate in candidates:
        for template in SECRET_ROUTE_TEMPLATES:
            path = template.format(candidate.strip(".:"))
            if opens_something(path, Browser(port).request(path)):
                working.append(path)
    assert working == []
    # Still: the same links, used now, work (the replay would have found them).
    assert Browser(port).request(secrets["calendar"])[0] == 200
