"""UK Parliament petitions (petition.parliament.uk/petitions/<id>.json): thresholds, the
government's response, the debate."""

import datetime

from django.conf import settings

from .common import as_date, event
from .http import Fetched, SourceError, get_json
from .links import PARLIAMENT, link_checked


def fetch(item, http) -> Fetched:
    fetched = get_json(
        http,
        f"{settings.PETITIONS_URL}/petitions/{item.identifier}.json",
        domains=PARLIAMENT,
        etag=item.etag,
        last_modified=item.last_modified,
    )
    if not fetched.not_modified and "attributes" not in ((fetched.data or {}).get("data") or {}):
        raise SourceError("The petitions site answered without a petition")
    return fetched


def normalise(raw: dict, *, today: datetime.date) -> dict:
    petition = raw["data"]
    attributes = petition["attributes"]
    url = f"{settings.PETITIONS_URL}/petitions/{petition['id']}"
    action = attributes["action"]
    events = []

    def add(key, kind, title, date, text="", link=url, link_text="The petition"):
        if date and date <= today:
            events.append(
                event(
                    key=key,
                    kind=kind,
                    title=title,
                    date=date,
                    url=link,
                    text=text,
                    link_text=link_text,
                )
            )

    add("opened", "other", f"Petition opened: {action}", as_date(attributes.get("opened_at")))
    add(
        "response-threshold",
        "other",
        "Petition passed 10,000 signatures",
        as_date(attributes.get("response_threshold_reached_at")),
    )
    response = attributes.get("government_response") or {}
    add(
        "government-response",
        "response-received",
        "Government response published",
        as_date(response.get("responded_on") or attributes.get("government_response_at")),
        text=response.get("summary") or "",
        link_text="Read the government's response",
    )
    add(
        "debate-threshold",
        "other",
        "Petition passed 100,000 signatures",
        as_date(attributes.get("debate_threshold_reached_at")),
    )
    scheduled = as_date(attributes.get("scheduled_debate_date"))
    if scheduled:
        add(
            f"debate-scheduled-{scheduled.isoformat()}",
            "other",
            f"Debate scheduled for {scheduled.day} {scheduled:%B %Y}",
            as_date(attributes.get("debate_scheduled_at")) or today,
        )
    debate = attributes.get("debate") or {}
    add(
        "debated",
        "other",
        "Parliament debated the petition",
        as_date(debate.get("debated_on")),
        text=debate.get("overview") or "",
        # A transcript link elsewhere than Parliament falls back to the petition itself.
        link=link_checked(debate.get("transcript_url") or "", PARLIAMENT) or url,
        link_text="Read the debate",
    )
    add("closed", "other", "Petition closed", as_date(attributes.get("closed_at")))
    return {
        "title": action,
        "url": url,
        "state": {
            "state": attributes.get("state", ""),
            "signature_count": attributes.get("signature_count"),
        },
        "events": events,
    }
