"""One versioned cache under the public pages and the members' pages, each with its own answer to
"the cache cannot be reached"."""

import pytest
from django.db import transaction

from expert_group.cache import MEMBER_PAGES, member_pages_invalidate
from publishing.cache import PUBLIC_PAGES, public_pages_invalidate
from sitewide.versioned_cache import VersionedCache
from tests.publishing.test_early_page_cache import cache_goes_down

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bump_turns_every_value_over():
    versioned = VersionedCache(version_key="test:version", raise_when_unreachable=True)
    _, version = versioned.fetch("test:value")
    versioned.store("test:value", (version, "kept"), 60)
    assert versioned.fetch("test:value") == ((version, "kept"), version)
    versioned.invalidate()
    stored, new_version = versioned.fetch("test:value")
    assert new_version != version
    assert stored[0] == version  # still there, but under a version no longer current


def test_the_version_is_bumped_again_once_the_change_commits():
    versioned = VersionedCache(version_key="test:version", raise_when_unreachable=True)
    with transaction.atomic():
        versioned.invalidate()
        during = versioned.version()
    assert versioned.version() != during


def test_reads_while_the_cache_is_down_compute_afresh(settings):
    cache_goes_down(settings)
    for versioned in (PUBLIC_PAGES, MEMBER_PAGES):
        assert versioned.fetch("any") == (None, None)
        assert versioned.version() is None
        versioned.store("any", "value", 60)  # not kept, and no error


def test_a_publish_fails_when_the_cache_cannot_be_turned_over(settings):
    """Otherwise, once the cache answered again, it would serve pages from before the change."""
    cache_goes_down(settings)
    with pytest.raises(Exception, match=r"(?i)connect"):
        public_pages_invalidate()


def test_a_members_change_carries_on_when_the_cache_cannot_be_turned_over(settings, caplog):
    cache_goes_down(settings)
    member_pages_invalidate()
    assert "not turned over" in caplog.text
