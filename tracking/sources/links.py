"""Outside data is data: a link from a source reaches a page only if it is `https`, on a host
the source is known to use (the domain or a subdomain of it), and carries no user name.

Checked when a poll is recorded and again when staff publish an event: a source that starts
answering `javascript:` or `https://www.gov.uk@evil.example/phish` puts nothing on a page.
"""

from urllib.parse import urlsplit

PARLIAMENT = ("parliament.uk",)
GOVUK = ("gov.uk",)

# The domains whose links each kind of tracked item may carry (petition.parliament.uk and
# hansard.parliament.uk are both subdomains of parliament.uk).
DOMAINS_BY_KIND = {
    "bill": PARLIAMENT,
    "written-questions": PARLIAMENT,
    "petition": PARLIAMENT,
    "committee-report": PARLIAMENT,
    "consultation": GOVUK,
}


class ForeignLink(ValueError):
    """A link to somewhere the source has no business sending our readers."""


def domains_for(kind: str) -> tuple[str, ...]:
    return DOMAINS_BY_KIND.get(kind, ())


def host_allowed(host: str | None, domains: tuple[str, ...]) -> bool:
    host = (host or "").lower().rstrip(".")
    return bool(host) and any(host == domain or host.endswith(f".{domain}") for domain in domains)


def link_allowed(url: str, domains: tuple[str, ...]) -> bool:
    if not isinstance(url, str) or not url.isprintable() or any(c in url for c in " \\"):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == "https"
        and "@" not in parts.netloc
        and port in (None, 443)
        and host_allowed(parts.hostname, domains)
    )


def link_checked(url: str, domains: tuple[str, ...]) -> str:
    """The link if it may be shown, else "" (an empty link is shown as no link)."""
    return url if url and link_allowed(url, domains) else ""


def snapshot_checked(snapshot: dict, domains: tuple[str, ...]) -> dict:
    """The snapshot with every link that may not be shown emptied, before anything stores it."""
    events = []
    for event in snapshot.get("events", []):
        url = link_checked(event.get("url", ""), domains)
        events.append({**event, "url": url, "link_text": event.get("link_text", "") if url else ""})
    return {**snapshot, "url": link_checked(snapshot.get("url", ""), domains), "events": events}
