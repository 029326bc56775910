"""Review links: one item, draft or not, shown read-only to someone outside without an account.

The link is `SITE_URL/review/#<secret>`. The secret sits in the address's fragment, which a
browser never sends: no server, proxy or access log sees it, nor any Referer. The review page
reads it with a line of script and posts it (without script, the reader pastes it into the
form), and the answer is the item's own page with a review banner, never cached or indexed.
Only the secret's SHA-256 is stored.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from sitewide.site_url import absolute_url

from .models import Publishable, ReviewLink, ReviewLinkView


def review_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def review_link_url(token: str) -> str:
    return f"{absolute_url(reverse('publishing:review'))}#{token}"


@transaction.atomic
def review_link_create(
    *, item: Publishable, shared_with: str, created_by, days: int | None = None
) -> tuple[ReviewLink, str]:
    """A new review link for `item`, working for `days` (REVIEW_LINK_DAYS by default).

    Returns the link and its address; the address holds the secret and cannot be had again.
    """
    days = settings.REVIEW_LINK_DAYS if days is None else days
    if not 1 <= days <= settings.REVIEW_LINK_MAX_DAYS:
        raise ValueError(f"A review link works for 1 to {settings.REVIEW_LINK_MAX_DAYS} days.")
    token = secrets.token_urlsafe(32)
    link = ReviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        shared_with=shared_with.strip(),
        token_hash=review_token_hash(token),
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return link, review_link_url(token)


def review_link_revoke(*, link: ReviewLink, revoked_by) -> ReviewLink:
    """Stop the link working at once (a revoked link stays listed, with its views)."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = revoked_by
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def review_link_find(*, token: str) -> ReviewLink | None:
    """The link this secret opens, whatever its state (active, expired or revoked)."""
    if not token or len(token) > 100:
        return None
    return (
        ReviewLink.objects.select_related("content_type")
        .filter(token_hash=review_token_hash(token))
        .first()
    )


def review_link_item(*, link: ReviewLink) -> Publishable | None:
    """The item an active link shows, if it still exists."""
    model = link.content_type.model_class()
    if model is None or not issubclass(model, Publishable):
        return None
    return model._default_manager.filter(pk=link.object_id).first()


def review_link_view_record(*, link: ReviewLink) -> ReviewLinkView:
    return ReviewLinkView.objects.create(link=link)


def review_links_for_item(*, item: Publishable):
    """Every link made for the item, newest first, with how often and when last it was opened."""
    return (
        ReviewLink.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk
        )
        .select_related("created_by")
        .annotate(view_count=Count("views"), last_viewed_at=Max("views__viewed_at"))
    )
