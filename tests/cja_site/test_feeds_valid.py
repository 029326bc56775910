"""Every feed is valid as the W3C feed validator judges. The validator is no installable package,
so it is not run here; these are the rules it applies to our feeds, checked offline with
feedparser (well formed, understood) and the XML itself: RFC 4287 (Atom) and RSS 2.0 authors,
ids and real dates (never in the future, published no later than updated), summaries that are
valid HTML whatever text staff type, and the RSS Profile's character references for "&" and "<"
in plain text (without them a reader cannot tell a title from HTML)."""

import datetime
import html
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.utils import timezone

from campaigns.models import Campaign
from publishing.models import Status
from tests.campaigns.factories import CampaignFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
AWKWARD_TITLE = "Courts & <prisons>: a review"
AWKWARD_SUMMARY = "Fewer than < 5% & falling; <b>not</b> a tag."
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")


@pytest.fixture
def content(demo_content, settings):
    settings.SITE_URL = "https://www.example.org.uk"
    # Published at once today: its date must not be later in the day than now.
    PublicationFactory(title="Out this morning", published_on=timezone.localdate())
    # Dated ahead of when it went public, as staff sometimes do.
    PublicationFactory(
        title="Dated ahead", published_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    CampaignFactory(title="Launched just now", status=Status.PUBLISHED)
    # Text that looks like HTML: it must reach a reader as the words typed.
    PublicationFactory(title=AWKWARD_TITLE, summary=AWKWARD_SUMMARY, authors="Ann O'Neill")
    CampaignFactory(title=AWKWARD_TITLE, summary=AWKWARD_SUMMARY)


def feed_urls(client) -> list[tuple[str, str]]:
    """The feeds the home page announces (autodiscovery), as a feed reader finds them."""
    home = client.get("/").content.decode()
    links = re.findall(r"<link rel=\"alternate\" type=\"application/(atom|rss)\+xml\"[^>]*>", home)
    found = re.findall(
        r'<link rel="alternate" type="application/(atom|rss)\+xml" title="[^"]+" href="([^"]+)"',
        home,
    )
    assert len(found) == len(links) == 4, home[:2000]
    return found


def rfc3339(text: str) -> datetime.datetime:
    assert RFC3339.match(text), f"not an RFC 3339 date: {text!r}"
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_atom(root, now):
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, f"feed without {required}"
    self_links = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]  # noqa: E741
    assert len(self_links) == 1
    feed_author = root.find(f"{ATOM}author/{ATOM}name")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids), "entry ids repeat"
    latest = rfc3339(root.findtext(f"{ATOM}updated"))
    for entry in entries:
        title = entry.findtext(f"{ATOM}title")
        assert title, "entry without a title"
        assert entry.findtext(f"{ATOM}id").startswith("https://www.example.org.uk/"), title
        author = entry.find(f"{ATOM}author/{ATOM}name")
        assert (author is not None and author.text) or (feed_author is not None), title
        assert any(l.get("rel", "alternate") == "alternate" for l in entry.findall(f"{ATOM}link"))  # noqa: E741
        updated = rfc3339(entry.findtext(f"{ATOM}updated"))
        assert updated <= now, f"{title}: updated in the future ({updated})"
        assert updated <= latest, f"{title}: later than the feed's updated"
        published_text = entry.findtext(f"{ATOM}published")
        if published_text:
            published = rfc3339(published_text)
            assert published <= updated, f"{title}: published {published} after updated {updated}"
            assert published <= now, f"{title}: published in the future ({published})"


def check_rss(root, now):
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), f"channel without {required}"
    assert channel.find(f"{ATOM}link[@rel='self']") is not None
    items = channel.findall("item")
    assert items
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == len(guids), "guids repeat"
    for item in items:
        title = item.findtext("title")
        assert title or item.findtext("description")
        published = parsedate_to_datetime(item.findtext("pubDate"))
        assert published.tzinfo is not None
        assert published <= now, f"{title}: pubDate in the future ({published})"


def test_every_feed_the_home_page_announces_is_valid(client, content):
    feeds = feed_urls(client)
    for kind, url in feeds:
        response = client.get(url)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if kind == "atom" else "rss20"), url
        now = timezone.now()
        root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
        (check_atom if kind == "atom" else check_rss)(root, now)


@pytest.mark.parametrize("path", ["/publications/feed/", "/campaigns/feed/"])
def test_rss_writes_ampersands_and_angle_brackets_as_character_references(client, content, path):
    raw = client.get(path).content.decode()
    assert "<title>Courts &#x26; &#x3C;prisons&gt;: a review</title>" in raw
    assert "&amp;" not in raw and "&lt;" not in raw


@pytest.mark.parametrize(
    "path",
    [
        "/publications/feed/",
        "/publications/feed/atom/",
        "/campaigns/feed/",
        "/campaigns/feed/atom/",
    ],
)
def test_text_that_looks_like_html_reaches_a_reader_as_typed(client, content, path):
    entry = next(
        e for e in feedparser.parse(client.get(path).content).entries if e.title == AWKWARD_TITLE
    )
    # The summary is HTML (RSS description, Atom type="html") whose text is what staff typed.
    assert "<" not in entry.summary
    assert html.unescape(entry.summary) == AWKWARD_SUMMARY


def test_a_publication_is_dated_by_its_own_date_and_never_ahead_of_now(client, content):
    atom = ET.fromstring(client.get("/publications/feed/atom/").content)  # noqa: S314
    entries = {e.findtext(f"{ATOM}title"): e for e in atom.findall(f"{ATOM}entry")}
    today = timezone.localdate()
    morning = rfc3339(entries["Out this morning"].findtext(f"{ATOM}published"))
    assert timezone.localtime(morning).date() == today
    assert morning <= timezone.now()
    ahead = rfc3339(entries["Dated ahead"].findtext(f"{ATOM}published"))
    assert ahead <= timezone.now()
    # A demo report from 2016 carries its date, not the day the demo was loaded.
    old = rfc3339(
        entries["The cost of an entitlement to restorative justice"].findtext(f"{ATOM}published")
    )
    assert old.year < today.year


def test_the_demo_is_dated_by_its_content_not_by_when_it_was_loaded(client, demo_content):
    loaded_on = timezone.localdate()
    for campaign in Campaign.objects.filter(is_demo=True):
        latest_step = campaign.milestones.order_by("-date").first().date
        page = client.get(campaign.get_absolute_url()).content.decode()
        assert f'Last updated <time datetime="{campaign.updated_at:%Y-%m-%d}' in page
        assert timezone.localdate(campaign.updated_at) == latest_step != loaded_on
    atom = ET.fromstring(client.get("/campaigns/feed/atom/").content)  # noqa: S314
    years = {rfc3339(e.findtext(f"{ATOM}updated")).year for e in atom.findall(f"{ATOM}entry")}
    assert loaded_on.year not in years
