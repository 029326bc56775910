"""The addresses that carry a secret, and how that secret is kept out of every log line.

A link in an email (an invitation, a calendar feed, an RSVP, a password reset…) works for
whoever holds it, so its secret must not rest in the access log, Django's request log or an
error report. SECRET_ROUTES is the one list of such routes, by URL name, with the URL kwargs
that hold the secret; a test holds it against the URL conf, so a new route with a `token` or
`key` cannot be missed.

Redaction works on any text: each address in it (a path, or a full URL) is resolved; on a
secret route the secret kwargs become "[redacted]", and an address that resolves to nothing
but begins like a secret route loses everything after that beginning. Query values whose name
says secret (`token`, `key`, `code`…) are redacted too, and a query value that is itself an
address (`?next=/expert-group/rsvp/…/`) is redacted as one.
"""

import html
import logging
import re
from functools import cache
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.views.debug import ExceptionReporter

REDACTED = "[redacted]"

# URL name → the kwargs that carry the secret.
SECRET_ROUTES: dict[str, tuple[str, ...]] = {
    "expert_group:invitation-accept": ("token",),
    "expert_group:calendar-feed": ("token",),
    "expert_group:rsvp-link": ("token",),
    "directory:check": ("token",),
    "subscriptions:confirm": ("token",),
    "subscriptions:manage": ("token",),
    "subscriptions:unsubscribe": ("token",),
    # allauth: email confirmation and password reset (uidb36 names the account, key opens it).
    "account_confirm_email": ("key",),
    "account_reset_password_from_key": ("uidb36", "key"),
}

# A URL kwarg or query parameter whose name says it carries a secret.
# Whole words of the name (`access_token`, `api-key`, `code`), so that `postcode` or `monkey`
# is not one.
SECRET_NAME = re.compile(
    r"(?:^|[_\-.])(?:api)?(?:token|key|secret|code|sig|signature|pass|passwd|password|auth"
    r"|otp|nonce|hash)s?(?:$|[_\-.])",
    re.IGNORECASE,
)

# An address inside free text: a full URL or an absolute path, up to whitespace or a quote.
ADDRESS = re.compile(r"""(?:\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/"'<>]*)?/[^\s"'<>]*""")
_PLACEHOLDER = "zzsecretzz"
# Characters left as they are when a redacted path is written back (everything else quoted,
# so no control character or space from a hostile path reaches a log line).
_PATH_SAFE = "/:@!$&'()*+,;=-._~[]"

logger = logging.getLogger(__name__)


@cache
def secret_route_prefixes() -> tuple[str, ...]:
    """The fixed beginning of each secret route (`/expert-group/invitations/`)."""
    prefixes = []
    for name, kwargs in SECRET_ROUTES.items():
        try:
            address = reverse(name, kwargs=dict.fromkeys(kwargs, _PLACEHOLDER))
        except NoReverseMatch:
            continue
        prefixes.append(address.split(_PLACEHOLDER, 1)[0])
    return tuple(prefixes)


def _prefixes() -> tuple[str, ...]:
    try:
        return secret_route_prefixes()
    except Exception:  # before Django is set up (gunicorn's master): no request to redact yet
        return ()


def path_secrets(path: str) -> list[str]:
    """The secret values in a (decoded) path on a secret route; [] for any other path."""
    try:
        match = resolve(path)
    except Resolver404:
        return []
    return [
        str(match.kwargs[name])
        for name in SECRET_ROUTES.get(match.view_name, ())
        if match.kwargs.get(name)
    ]


def redact_path(raw_path: str) -> str:
    path = unquote(raw_path)
    try:
        match = resolve(path)
    except Exception:  # no route (or none to be had: gunicorn's master has no URL conf)
        match = None
    if match is None:
        for prefix in _prefixes():
            if path.startswith(prefix):
                return prefix + REDACTED
        return raw_path
    names = SECRET_ROUTES.get(match.view_name)
    if not names:
        return raw_path
    values = [str(match.kwargs.get(name) or "") for name in names]
    # Longest first: a short uidb36 inside the key must not leave pieces of the key behind.
    for value in sorted(filter(None, values), key=len, reverse=True):
        path = path.replace(value, REDACTED)
    return quote(path, safe=_PATH_SAFE)


def redact_query(query: str) -> str:
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    redacted = [(name, _redact_query_value(name, value)) for name, value in pairs]
    if redacted == pairs:
        return query
    return "&".join(
        f"{quote(name, safe='')}={quote(value, safe='/:[]')}" for name, value in redacted
    )


def _redact_query_value(name: str, value: str) -> str:
    if SECRET_NAME.search(name):
        return REDACTED if value else value
    if "/" in value:
        return redact_text(value)
    return value


def redact_url(address: str) -> str:
    """The address with every secret it carries replaced by "[redacted]"."""
    head, slash, rest = address.partition("://")
    prefix = ""
    if slash:
        host, _, rest = rest.partition("/")
        prefix, rest = f"{head}://{host}", "/" + rest
    else:
        rest = head
    path, _, query = rest.partition("?")
    path, _, fragment = path.partition("#")
    redacted = redact_path(path)
    if query:
        query, _, fragment = query.partition("#")
        redacted += "?" + redact_query(query)
    if fragment:
        redacted += "#" + REDACTED
    return prefix + redacted


def redact_text(text: str) -> str:
    """Free text (a request line, a log message, a header) with every address in it redacted."""
    if "/" not in text:
        return text
    return ADDRESS.sub(lambda match: redact_url(match.group(0)), text)


def request_secrets(request) -> set[str]:
    """Every secret this request carries (in its path or query), in the forms a report may
    show it: as is, percent-encoded, HTML-escaped."""
    values = set()
    try:
        values.update(path_secrets(request.path_info))
    except Exception:
        logger.debug("No route for the reported request", exc_info=True)
    for name, value in request.GET.items():
        if SECRET_NAME.search(name):
            values.add(value)
        elif "/" in value:
            values.update(path_secrets(urlsplit(value).path))
    forms = set()
    for value in values:
        if len(value) >= 4:  # a one-letter "secret" would blank the whole report
            forms.update({value, quote(value, safe=""), quote(value), html.escape(value)})
    return forms


def scrub(text: str, secrets: set[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return redact_text(text)


class RedactSecrets(logging.Filter):
    """On every handler: a record's message, arguments and traceback lose their secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        secrets = request_secrets(request) if hasattr(request, "path_info") else set()
        message = record.getMessage()
        record.msg, record.args = scrub(message, secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, secrets)
        return True


class SecretRedactingExceptionReporter(ExceptionReporter):
    """Error reports (the debug page, the admins' email) without the request's secrets, from
    its path, query, headers or any frame's variables."""

    def _secrets(self) -> set[str]:
        return request_secrets(self.request) if self.request is not None else set()

    def get_traceback_html(self):
        return scrub(str(super().get_traceback_html()), self._secrets())

    def get_traceback_text(self):
        return scrub(str(super().get_traceback_text()), self._secrets())
