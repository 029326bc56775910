"""GOV.UK Content API (www.gov.uk/api/content/<path>): a consultation's opening and closing
dates, and its outcome once published."""

import datetime

from django.conf import settings

from .common import as_date, event
from .http import Fetched, SourceError, get_json
from .links import GOVUK, link_checked

OUTCOME_TYPES = {"consultation_outcome"}


def web_url(path: str) -> str:
    """The page on GOV.UK for a content path; "" for a path that is not one (`@evil.example`
    joined to the host would make the host a user name and evil.example the host)."""
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        return ""
    return link_checked(settings.GOVUK_CONTENT_API_URL.removesuffix("/api/content") + path, GOVUK)


def fetch(item, http) -> Fetched:
    fetched = get_json(
        http,
        f"{settings.GOVUK_CONTENT_API_URL}{item.identifier}",
        domains=GOVUK,
        etag=item.etag,
        last_modified=item.last_modified,
    )
    if not fetched.not_modified and not isinstance((fetched.data or {}).get("details"), dict):
        raise SourceError("GOV.UK answered without content details")
    return fetched


def normalise(raw: dict, *, today: datetime.date) -> dict:
    details = raw["details"]
    url = web_url(raw["base_path"])
    opened_on = as_date(details.get("opening_date"))
    closed_on = as_date(details.get("closing_date"))
    outcome_on = None
    if raw.get("document_type") in OUTCOME_TYPES or details.get("final_outcome_detail"):
        outcome_on = as_date(details.get("final_outcome_publication_date")) or as_date(
            raw.get("public_updated_at")
        )
    events = []
    if opened_on and opened_on <= today:
        events.append(
            event(
                key="consultation-opened",
                kind="other",
                title=f"Consultation opened: {raw['title']}",
                date=opened_on,
                url=url,
                link_text="The consultation on GOV.UK",
            )
        )
    if closed_on and closed_on <= today:
        events.append(
            event(
                key="consultation-closed",
                kind="other",
                title="Consultation closed",
                date=closed_on,
                url=url,
                text=f"The consultation “{raw['title']}” closed to responses.",
                link_text="The consultation on GOV.UK",
            )
        )
    if outcome_on:
        events.append(
            event(
                key="consultation-outcome",
                kind="response-received",
                title="Government response published",
                date=outcome_on,
                url=url,
                text=f"The government published its response to “{raw['title']}”.",
                link_text="Read the government's response",
            )
        )
    return {
        "title": raw["title"],
        "url": url,
        "state": {
            "document_type": raw.get("document_type", ""),
            "opened_on": opened_on.isoformat() if opened_on else None,
            "closed_on": closed_on.isoformat() if closed_on else None,
            "outcome_published_on": outcome_on.isoformat() if outcome_on else None,
        },
        "events": events,
    }
