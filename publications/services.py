"""Writes to publications that come from outside the admin."""

import datetime
from urllib.parse import urlsplit

from django.db import transaction

from .models import Publication


def consultation_address(url: str) -> str:
    """A consultation's address reduced to what identifies it: host and path, no scheme, no
    query, no trailing slash (GOV.UK links are written many ways)."""
    parts = urlsplit(url.strip() if "//" in url else f"https://www.gov.uk{url.strip()}")
    return f"{parts.hostname or ''}{parts.path.rstrip('/')}".lower()


@transaction.atomic
def consultation_responses_link_government_response(
    *, consultation_url: str, response_url: str, response_date: datetime.date
) -> list[Publication]:
    """Link the government's response on each of our responses to that consultation (those
    whose consultation link is the same address), so the page no longer says "Not published
    yet". A response staff have already linked is left as they set it. Returns those linked."""
    wanted = consultation_address(consultation_url)
    linked = []
    candidates = Publication.objects.select_for_update().filter(
        kind=Publication.Kind.CONSULTATION_RESPONSE, government_response_url=""
    )
    for publication in candidates.exclude(consultation_url=""):
        if consultation_address(publication.consultation_url) != wanted:
            continue
        publication.government_response_url = response_url
        publication.government_response_date = response_date
        # A save, not an update: the page cache turns over, as for any edit.
        publication.save(
            update_fields=["government_response_url", "government_response_date", "updated_at"]
        )
        linked.append(publication)
    return linked
