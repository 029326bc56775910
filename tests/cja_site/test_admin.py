"""The admin as charity staff see it: the charity's name, sections, developer models kept to
superusers, help where a change has consequences, and a home page that shows what needs doing."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactMessage
from expert_group.models import Meeting
from notifications.models import Email
from sitewide.attention import attention_items
from tests.campaigns.factories import CampaignFactory
from tests.expert_group.factories import MeetingFactory, PaperFactory, RsvpFactory
from tests.factories import PageFactory, staff_user
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
DEVELOPER_CHANGELISTS = [
    "/admin/auth/group/",
    "/admin/sites/site/",
    "/admin/account/emailaddress/",
    "/admin/mfa/authenticator/",
    "/admin/signins/signin/",
]


def editor_with(*codenames):
    """Staff without superuser powers, holding just these permissions."""
    user = staff_user(is_superuser=False)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def sections(response) -> dict[str, list[str]]:
    """The admin home's sections, in order, each with its models in order."""
    return {app["name"]: [m["name"] for m in app["models"]] for app in response.context["app_list"]}


def attention_panel(response) -> str:
    html = response.content.decode()
    match = re.search(r'<section class="module attention".*?</section>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def superuser_client(client):
    client.force_login(staff_user())
    return client


def test_the_admin_carries_the_charity_s_name(superuser_client, settings):
    html = superuser_client.get(INDEX).content.decode()
    assert "Django administration" not in html and "Django site admin" not in html
    assert f'<a href="/admin/">{settings.SITE_NAME}</a>' in html
    assert f"<title>Staff home | {settings.SITE_NAME} admin</title>" in html


def test_superusers_see_every_model_in_the_sections_staff_think_in(superuser_client):
    assert sections(superuser_client.get(INDEX)) == {
        "Content": [
            "Pages",
            "Campaigns",
            "Proposed events",
            "Tracked items",
            "Publications",
            "Series",
            "Topics",
            "Changes waiting to be published",
        ],
        "Expert group": ["Meetings", "Memberships", "Papers", "Minutes", "RSVPs", "Actions"],
        "Directory": ["Services", "Areas"],
        "Messages": ["Contact messages", "Format requests", "Emails"],
        "Email updates": ["Subscriptions", "Subscribers", "Announcements"],
        "Readership": ["Readership"],
        "People": ["Users", "Groups", "Email addresses", "Authenticators", "Sign-ins"],
        "Settings": ["Review rules", "Audit trail", "Review links", "Redirects", "Sites"],
    }
    for path in DEVELOPER_CHANGELISTS:
        assert superuser_client.get(path).status_code == 200, path


def test_staff_never_see_developer_models_even_with_their_permissions(client):
    editor = editor_with(
        "view_page", "view_user", "view_group", "change_group", "view_site",
        "view_emailaddress", "view_authenticator", "view_signin", "view_redirect",
    )  # fmt: skip
    client.force_login(editor)
    response = client.get(INDEX)
    assert sections(response) == {
        "Content": ["Pages", "Changes waiting to be published"],
        "People": ["Users"],
        "Settings": ["Redirects"],
    }
    html = response.content.decode()
    for path in DEVELOPER_CHANGELISTS:
        assert path not in html
        assert client.get(path).status_code == 403, path


def test_an_app_s_own_page_still_lists_what_the_user_may_see(client):
    client.force_login(editor_with("view_page", "view_user"))
    response = client.get("/admin/cja_site/")
    assert response.status_code == 200
    assert [m["name"] for m in response.context["app_list"][0]["models"]] == ["Pages", "Users"]


def test_demo_content_is_labelled_not_filtered(superuser_client):
    PageFactory(title="Demo about page", is_demo=True)
    PageFactory(title="Real page")
    html = superuser_client.get("/admin/cja_site/page/").content.decode()
    assert "is_demo" not in html and "By is demo" not in html
    assert html.count('<span class="badge badge--demo">Demo data</span>') == 1


def test_a_meeting_shows_no_calendar_internals(superuser_client):
    meeting = MeetingFactory()
    for path in [
        "/admin/expert_group/meeting/",
        f"/admin/expert_group/meeting/{meeting.pk}/change/",
    ]:
        html = superuser_client.get(path).content.decode()
        assert meeting.uid not in html
        assert "Sequence" not in html and "UID" not in html


def test_fields_with_consequences_say_so(superuser_client):
    html = superuser_client.get("/admin/cja_site/page/add/").content.decode()
    assert "Changing it leaves a redirect from the old address." in html
    assert "Drafts are seen by staff only" in html
    meeting = MeetingFactory()
    html = superuser_client.get(f"/admin/expert_group/meeting/{meeting.pk}/change/").content
    assert "emails members an updated calendar entry" in html.decode()


# ------------------------------------------------------------------------------
# The admin home's "Needs attention"
# ------------------------------------------------------------------------------
def make_message(*, handled: bool):
    return ContactMessage.objects.create(
        name="Ada",
        email="ada@example.org",
        message="Hello",
        handled_at=timezone.now() if handled else None,
    )


def make_email(key, *, status):
    return Email.objects.create(key=key, to=["a@example.org"], subject=key, status=status)


def in_days(days):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def everything_needs_attention(settings):
    settings.MEETING_QUORUM = 2
    settings.MEETING_QUORUM_CHECK_DAYS = 7
    for handled in (False, False, True):
        make_message(handled=handled)
    make_email("failed", status=Email.Status.FAILED)
    make_email("sent", status=Email.Status.SENT)
    yesterday = timezone.localdate() - timedelta(days=1)
    PageFactory(title="Old page", review_by=yesterday)
    PageFactory(title="Fresh page", review_by=timezone.localdate() + timedelta(days=30))
    CampaignFactory(title="Old campaign", review_by=yesterday)
    PublicationFactory(title="Old report", review_by=yesterday)
    PublicationFactory(title="Another old report", review_by=yesterday)
    short = MeetingFactory(title="Short of members", starts_at=in_days(3))
    RsvpFactory(meeting=short)
    PaperFactory(meeting=short)
    full = MeetingFactory(title="Quorate", starts_at=in_days(3))
    RsvpFactory.create_batch(2, meeting=full)
    PaperFactory(meeting=full)
    MeetingFactory(title="Paperless", starts_at=in_days(10))
    MeetingFactory(title="Far off", starts_at=in_days(60))
    MeetingFactory(title="Cancelled", starts_at=in_days(2), status=Meeting.Status.CANCELLED)
    MeetingFactory(title="Past", starts_at=in_days(-2))


def test_the_admin_home_lists_what_needs_attention_with_links(
    superuser_client, everything_needs_attention
):
    panel = attention_panel(superuser_client.get(INDEX))
    items = re.findall(r'<li><a href="([^"]+)"><strong>(\d+)</strong> ([^<]+)</a></li>', panel)
    assert [(count, label) for _, count, label in items] == [
        ("2", "contact messages not yet handled"),
        ("1", "email failed to send"),
        ("1", "page past its review date"),
        ("1", "campaign past its review date"),
        ("2", "publications past their review date"),
        ("1", "meeting in the next 7 days below quorum"),
        ("1", "meeting in the next 14 days without papers"),
    ]
    # Each link opens the list of exactly those items.
    shown = {}
    for url, count, _ in items:
        response = superuser_client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        changelist = response.context["cl"]
        assert changelist.result_count == int(count), url
        shown[url] = [str(obj) for obj in changelist.result_list]
    assert any("Short of members" in titles[0] for titles in shown.values())
    assert any("Paperless" in titles[0] for titles in shown.values())


def test_staff_see_only_what_they_may_view(client, everything_needs_attention):
    client.force_login(editor_with("view_contactmessage", "view_meeting"))
    panel = attention_panel(client.get(INDEX))
    assert "contact messages not yet handled" in panel
    assert "below quorum" in panel and "without papers" in panel
    assert "email" not in panel and "review date" not in panel


def test_all_clear_says_so_and_staff_with_no_such_permission_see_no_panel(client):
    client.force_login(editor_with("view_contactmessage"))
    assert "Nothing needs your attention." in attention_panel(client.get(INDEX))
    client.force_login(editor_with("view_user"))
    assert attention_panel(client.get(INDEX)) == ""


def count_queries(user):
    with CaptureQueriesContext(connection) as queries:
        attention_items(user=user)
    return len(queries)


def test_attention_takes_one_query_per_check_however_many_rows():
    user = staff_user()
    empty = count_queries(user)
    for _ in range(5):
        make_message(handled=False)
        make_email(f"failed-{_}", status=Email.Status.FAILED)
        PageFactory(review_by=timezone.localdate() - timedelta(days=1))
        RsvpFactory(meeting=MeetingFactory(starts_at=in_days(2)))
    assert count_queries(user) == empty == 14  # one per declared check
