"""A member's dashboard and meeting pages, kept in the cache until anything in the group changes.

Saving or deleting any of the group's rows (meetings, papers, agendas, answers, actions,
minutes, memberships…) or any account bumps one version, and everything kept under an older
version is ignored. Nothing is kept past the next start or end of a meeting, when a coming
meeting becomes a past one. Access is still checked on every request, and staff (whose pages
depend on their permissions) always get the pages computed afresh.

What is kept is a member's own page (their access needs, their answers, the meeting as they
may see it), so it is kept encrypted with the settings' key (notifications.crypto): a dump of
Redis reads as noise.
"""

import hashlib
import pickle
import time

from django.apps import apps
from django.conf import settings
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from notifications import crypto
from sitewide.versioned_cache import VersionedCache

from .models import Meeting

VERSION_KEY = "expert-group:version"
# The longest anything is kept (changes bump the version sooner).
SECONDS = 600


# Unreachable, a change carries on and the bump is logged: an answer or an edit must not fail
# with the cache, and what it holds expires within SECONDS anyway.
MEMBER_PAGES = VersionedCache(version_key=VERSION_KEY, raise_when_unreachable=False)


def member_pages_invalidate(**kwargs) -> None:
    MEMBER_PAGES.invalidate()


def member_pages_cached(user, name: str, compute):
    """`compute()` for this member, from the cache while nothing in the group has changed."""
    if user.is_staff or user.is_superuser:
        return compute()
    digest = hashlib.sha256(f"{user.pk}:{name}".encode()).hexdigest()
    key = f"expert-group:member:{digest}"
    stored, version = MEMBER_PAGES.fetch(key)
    if version is None:
        return compute()
    stored = _opened(stored)
    if stored is not None and stored[0] == version and stored[1] > time.time():
        return stored[2]
    value = compute()
    seconds = _seconds_to_keep()
    if seconds > 0:
        MEMBER_PAGES.store(key, _sealed((version, time.time() + seconds, value)), seconds)
    return value


def _sealed(entry) -> bytes:
    return crypto.encrypt_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


def _opened(token: bytes | None):
    """The entry, or None when absent or not sealed with a current key (then made afresh).
    Unpickling is safe here: only a holder of the key can have sealed it."""
    if token is None:
        return None
    try:
        return pickle.loads(crypto.decrypt_bytes(token, max_age_seconds=SECONDS))  # noqa: S301
    except (crypto.InvalidToken, TypeError):
        return None


def _seconds_to_keep() -> int:
    """SECONDS, cut short at the next moment a meeting starts or ends."""
    now = timezone.now()
    moments = Meeting.objects.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)),
        end=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    upcoming = [moment for moment in moments.values() if moment is not None]
    if not upcoming:
        return SECONDS
    return min(SECONDS, int((min(upcoming) - now).total_seconds()))


def member_pages_connect() -> None:
    """Listen to every model of the group, its many-to-many links and the accounts."""
    models = [
        *apps.get_app_config("expert_group").get_models(),
        apps.get_model(settings.AUTH_USER_MODEL),
    ]
    for model in models:
        uid = f"member-pages:{model._meta.label_lower}"
        post_save.connect(member_pages_invalidate, sender=model, dispatch_uid=uid)
        post_delete.connect(member_pages_invalidate, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(member_pages_invalidate, sender=through, dispatch_uid=uid)
