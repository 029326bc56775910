"""Every answer to a signed-in person, and every private answer, is `private, no-store`.

The route test walks every URL pattern the site has, builds a real address for it (with real
objects where the view looks one up) and asks it as a signed-in member and as staff. A new route
without a sample address fails the test, so it cannot be forgotten.
"""

import io
import re

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from cja_site.middleware import _private_no_store
from expert_group.models import Minutes
from publishing.models import Status
from tests.campaigns.factories import CampaignFactory
from tests.directory.factories import ServiceFactory
from tests.expert_group.factories import (
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PaperFactory,
)
from tests.factories import PageFactory, TopicFactory, UserFactory, staff_user, verified
from tests.publications.factories import AttachmentFactory, PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def site():
    """One published item of each kind, a meeting with papers and minutes, a public photo."""
    membership = MembershipFactory(listed_publicly=True)
    member = verified(membership.user)
    membership.photo.save("me.png", ContentFile(_png()), save=True)
    topic = TopicFactory()
    publication = PublicationFactory(topics=[topic], series=SeriesFactory())
    meeting = MeetingFactory()
    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    return {
        "member": member,
        "membership": membership,
        "topic": topic,
        "publication": publication,
        "attachment": AttachmentFactory(publication=publication),
        "campaign": CampaignFactory(status=Status.PUBLISHED),
        "page": PageFactory(),
        "meeting": meeting,
        "paper": PaperFactory(meeting=meeting),
        "service": ServiceFactory(),
    }


def _patterns(patterns, prefix="", outer_kwargs=()):
    """(pattern, qualified name, every URL argument including those of enclosing includes)."""
    for pattern in patterns:
        kwargs = (*outer_kwargs, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from _patterns(pattern.url_patterns, inner, kwargs)
        elif isinstance(pattern, URLPattern):
            yield pattern, (prefix + pattern.name) if pattern.name else None, kwargs


def _admin_models():
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def _sample(site, name: str, kwarg: str):
    """A value for one URL argument: a real object's where the view looks one up."""
    publication, meeting = site["publication"], site["meeting"]
    slugs = {
        "campaigns:detail": site["campaign"].slug,
        "campaign-detail": site["campaign"].slug,
        "publications:detail": publication.slug,
        "publications:attachment": publication.slug,
        "publications:series": publication.series.slug,
        "publications:cite-ris": publication.slug,
        "publications:cite-bib": publication.slug,
        "publication-detail": publication.slug,
        "topic-detail": site["topic"].slug,
        "series-detail": publication.series.slug,
        "page": site["page"].slug,
        "directory:service": site["service"].slug,
        "directory:elsewhere": "scotland",
        "formats:request": publication.slug,
        "subscriptions:follow-campaign": site["campaign"].slug,
        "subscriptions:follow-topic": site["topic"].slug,
    }
    pks = {
        "publications:attachment": site["attachment"].pk,
        "formats:request": site["attachment"].pk,
        "publishing:drafted_file": site["attachment"].publication_id,
        "expert_group:member-photo": site["membership"].pk,
        "expert_group:paper-download": site["paper"].pk,
    }
    if kwarg == "slug":
        return slugs[name]
    if kwarg == "pk":
        if name.startswith(("expert_group:meeting-", "members_api:meeting-")):
            return meeting.pk
        if name in ("mfa_remove_webauthn", "mfa_edit_webauthn"):
            return 999  # nobody's key: a 404 for a signed-in person, private all the same
        return pks[name]
    if name == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        page = site["page"]
        return {
            "content_type_id": ContentType.objects.get_for_model(page).pk,
            "object_id": page.pk,
        }[kwarg]
    if name in ("directory-api:service", "directory-api:service-old") and kwarg == "id":
        return str(site["service"].uuid)
    if name.startswith("directory-api:") and kwarg == "id":
        return (
            "00000000-0000-0000-0000-000000000000"  # no such record: a 404, no-store all the same
        )
    if kwarg in ("object_id", "id"):
        if name == "admin:auth_user_password_change":
            return site["member"].pk
        model = _admin_models()[
            re.fullmatch(
                r"admin:(\w+?)_(change|delete|history|compare|restore|review|preview|review_links)",
                name,
            )[1]
        ]
        return model.objects.order_by("pk").values_list("pk", flat=True).first() or 1
    fixed = {
        "format": "json",
        "app_label": "expert_group",
        "token": "not-a-real-token",
        "key": "not-a-real-key",
        "uidb36": "1",
        "gss_code": "E23000010",
        "event_id": 1,  # publish / dismiss a proposed timeline event (POST only)
        "revision_id": 1,  # restore a revision (POST only)
        "kind": "publications.publication",  # a draft's file: staff who may view it only
        "name": "drafts/no-such-file.pdf",
    }
    return fixed[kwarg]


# Unnamed routes, by their route text.
UNNAMED = {
    "favicon.ico": "/favicon.ico",
    "(?P<url>.*)$": "/admin/not-a-page/",
    "^admin/cja_site/contactmessage/(?P<rest>.*)$": "/admin/cja_site/contactmessage/",
}


def site_urls(site) -> list[str]:
    urls = []
    for pattern, name, arguments in _patterns(get_resolver().url_patterns):
        if name is None:
            route = str(pattern.pattern)
            if route in UNNAMED:
                urls.append(UNNAMED[route])
                continue
            # The admin's bare object address, just after its change page; it redirects there.
            assert route == "<path:object_id>/", f"add a sample URL for {route!r}"
            assert urls[-1].endswith("/change/")
            urls.append(urls[-1].removesuffix("change/"))
            continue
        kwargs = {kwarg: _sample(site, name, kwarg) for kwarg in arguments}
        urls.append(reverse(name, kwargs=kwargs))
    return list(dict.fromkeys(urls))


def assert_private_no_store(response, url):
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (url, response.status_code, directives)
    assert not directives & {"public", "max-age", "s-maxage"}, (url, directives)


@pytest.mark.parametrize("who", ["member", "staff"])
def test_every_route_is_private_no_store_for_a_signed_in_person(client, site, who):
    person = site["member"] if who == "member" else staff_user()
    urls = site_urls(site)
    assert len(urls) > 150  # every admin page, every app's pages, the APIs
    statuses = set()
    for url in urls:
        client.force_login(person)  # a logout page may have ended the session
        response = client.get(url)
        statuses.add(response.status_code)
        assert_private_no_store(response, url)
    # The walk reached real pages, files, redirects and refusals alike.
    assert {200, 302, 404} <= statuses


def test_members_api_and_account_pages_are_private_no_store(client, site):
    client.force_login(site["member"])
    meeting = site["meeting"]
    for url in [
        reverse("members_api:meeting-list"),
        reverse("members_api:meeting-detail", args=[meeting.pk]),
        reverse("expert_group:profile"),
        reverse("mfa_index"),
        reverse("signins:list"),
        reverse("account_change_password"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private_no_store(response, url)
    response = client.post(
        reverse("members_api:meeting-rsvp", args=[meeting.pk]),
        {"response": "attending"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert_private_no_store(response, "rsvp")


def test_a_refusal_for_a_signed_in_person_is_private_no_store(client, site):

    client.force_login(verified(UserFactory()))  # signed in, not a member
    for url in [
        reverse("expert_group:dashboard"),
        reverse("members_api:meeting-list"),
        reverse("expert_group:meeting-attendance-csv", args=[site["meeting"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert_private_no_store(response, url)


def test_public_pages_stay_publicly_cacheable_for_anonymous_visitors(client, site):
    for url in ["/", site["publication"].get_absolute_url(), reverse("publications:list")]:
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url
        cached = client.get(url)  # from the cache, with the time it has left
        assert cached["Cache-Control"].startswith("public, max-age="), url
        assert "no-store" not in cached["Cache-Control"], url
    # A signed-in person asking for the same pages is not served the anonymous copy.
    client.force_login(site["member"])
    assert_private_no_store(client.get("/"), "/")


def test_a_response_marked_private_always_says_no_store(client, site, settings):
    # A visitor with an old session cookie is served fresh and privately, never from the cache.
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-session"
    response = client.get(reverse("publications:list"))
    assert response.status_code == 200
    assert_private_no_store(response, "publications:list")


def test_private_directives_drop_whatever_would_let_a_cache_keep_a_copy():

    assert _private_no_store("public, max-age=300") == "private, no-store"
    assert _private_no_store("max-age=0, no-cache, no-store, must-revalidate, private") == (
        "private, no-store, no-cache, must-revalidate"
    )
