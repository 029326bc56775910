"""The one list of routes that carry secrets, held against the URL conf; and the redaction
that keeps those secrets out of Django's request log and error reports."""

import logging
import sys

import pytest
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse

from cja_site.secret_routes import (
    REDACTED,
    SECRET_NAME,
    SECRET_ROUTES,
    RedactSecrets,
    SecretRedactingExceptionReporter,
    redact_text,
)

# Kwargs whose name looks secret but whose value is public.
PUBLIC_KWARGS = {("directory:area", "gss_code")}  # an ONS area code, printed on the page


def routes(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from routes(pattern.url_patterns, inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, set(pattern.pattern.regex.groupindex), str(pattern.pattern)


def test_every_route_with_a_secret_looking_kwarg_is_in_the_list():
    missing = []
    for name, kwargs, pattern in routes():
        secret = {k for k in kwargs if SECRET_NAME.search(k) and (name, k) not in PUBLIC_KWARGS}
        if secret and (name is None or not secret <= set(SECRET_ROUTES.get(name, ()))):
            missing.append((name, pattern, sorted(secret)))
    assert missing == []


def test_every_listed_route_exists_with_its_kwargs():
    known = {name: kwargs for name, kwargs, _ in routes() if name}
    for name, kwargs in SECRET_ROUTES.items():
        assert name in known, name
        assert set(kwargs) <= known[name], name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'GET /expert-group/invitations/Tok3n-abcdefghijkl/ HTTP/1.1" 302',
            'GET /expert-group/invitations/[redacted]/ HTTP/1.1" 302',
        ),
        ("/expert-group/calendar/AbCdEfGhIjKlMnOp.ics", "/expert-group/calendar/[redacted].ics"),
        (
            "https://www.example.org.uk/updates/manage/eyJzIjoxfQ:1tA:sig/",
            "https://www.example.org.uk/updates/manage/[redacted]/",
        ),
        (
            "/accounts/password/reset/key/4-abc-def123/",
            "/accounts/password/reset/key/[redacted]-[redacted]/",
        ),
        ("/accounts/password/reset/key/done/", "/accounts/password/reset/key/done/"),
        (
            "/accounts/login/?next=/expert-group/rsvp/Zm9vYmFyYmF6cXV4/",
            "/accounts/login/?next=/expert-group/rsvp/[redacted]/",
        ),
        ("/anything/?token=abcdef&page=2", "/anything/?token=[redacted]&page=2"),
        ("/expert-group/rsvp/aa%2Fbb/", "/expert-group/rsvp/[redacted]"),
        ("/expert-group/invitations/abc/def/", "/expert-group/invitations/[redacted]"),
        ("/publications/?kind=a&kind=b", "/publications/?kind=a&kind=b"),
        ("[02/Dec/2026:03:54:56 +0000]", "[02/Dec/2026:03:54:56 +0000]"),
    ],
)
def test_redaction(text, expected):
    assert redact_text(text) == expected


def test_the_password_reset_key_goes_whatever_it_holds():
    redacted = redact_text("/accounts/password/reset/key/1a-x1ay-zzzzzz/")
    assert "x1ay" not in redacted and "zzzzzz" not in redacted


def record_for(request, message="Bad Request: %s", *args):
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, message, args or (request.path,), None
    )
    record.request = request
    return record


@pytest.mark.django_db
def test_django_request_log_lines_lose_the_secret():
    token = "Zm9vYmFyYmF6cXV4LXNlY3JldA"
    request = RequestFactory().get(reverse("subscriptions:manage", args=[token]))
    record = record_for(request)
    assert RedactSecrets().filter(record)
    assert token not in record.getMessage()
    assert REDACTED in record.getMessage()


@pytest.mark.django_db
def test_error_reports_lose_the_secret_everywhere_they_show_it():
    token = "c2VjcmV0LWNhbGVuZGFyLXRva2Vu"
    path = reverse("expert_group:calendar-feed", args=[token])
    request = RequestFactory().get(path, {"next": path}, HTTP_REFERER=f"https://x.example{path}")
    try:
        feed_token = token  # a frame variable holding it, as the view's own argument would
        raise ValueError(f"no feed for {feed_token}")
    except ValueError:
        reporter = SecretRedactingExceptionReporter(request, *sys.exc_info())
        html, text = reporter.get_traceback_html(), reporter.get_traceback_text()
    for report in (html, text):
        assert token not in report
        assert REDACTED in report


@pytest.mark.django_db
def test_a_traceback_in_a_log_record_loses_the_secret():
    token = "dG9rZW4taW4tYS10cmFjZWJhY2s"
    request = RequestFactory().get(reverse("expert_group:rsvp-link", args=[token]))
    try:
        raise RuntimeError(f"failed on {token}")
    except RuntimeError:
        record = record_for(request, "Internal Server Error: %s")
        record.exc_info = sys.exc_info()
    RedactSecrets().filter(record)
    assert token not in logging.Formatter().format(record)
