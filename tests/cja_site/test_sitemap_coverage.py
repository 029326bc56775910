"""Every public page a visitor can reach is either in the sitemap or says noindex, and each page
in the sitemap shares its own title and description (og:title, og:description)."""

import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Not pages for visitors to land on: the admin, sign-in, the API, the exit hop, files.
NOT_PAGES = ("/admin/", "/accounts/", "/api/", "/exit/", "/static/", "/media/")
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"]*)"')


def meta(html: str, attribute: str, name: str) -> list[str]:
    pattern = rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"'
    return [unescape(value) for value in re.findall(pattern, html)]


def sitemap_paths(client, site_url) -> set[str]:
    tree = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    return {loc.text.removeprefix(site_url) for loc in tree.iter(f"{SITEMAP}loc")}


def crawl(client, start="/"):
    """Every page reachable by following the site's own links: {path: html}."""
    seen, queue, pages = {start}, [start], {}
    while queue:
        path = queue.pop()
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in LINK.findall(html):
            href = unescape(urldefrag(href).url)
            if href not in seen and not href.startswith(NOT_PAGES):
                seen.add(href)
                queue.append(href)
    return pages


def test_every_reachable_page_is_in_the_sitemap_or_says_noindex(client, demo_content, settings):
    listed = sitemap_paths(client, settings.SITE_URL)
    pages = crawl(client)
    assert len(pages) > 60  # the walk reached the content, not only the home page
    missing = set()
    for path, html in pages.items():
        if meta(html, "name", "robots") == ["noindex"]:
            continue
        (canonical,) = re.findall(r'<link rel="canonical" href="([^"]*)"', html)
        if urlsplit(canonical).path not in listed:
            missing.add(f"{path} (canonical {canonical})")
    assert not missing, "indexable but not in the sitemap:\n" + "\n".join(sorted(missing))
    for path in ["/find-restorative-justice/", "/find-restorative-justice/map/", "/contact/",
                 "/expert-group/"]:  # fmt: skip
        assert path in listed


def test_every_page_in_the_sitemap_has_its_own_open_graph_title_and_description(
    client, demo_content, settings
):
    default_description = meta(client.get("/").content.decode(), "name", "description")[0]
    seen_titles = {}
    for path in sorted(sitemap_paths(client, settings.SITE_URL)):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert meta(html, "name", "robots") != ["noindex"], path
        (title,) = meta(html, "property", "og:title")
        (description,) = meta(html, "property", "og:description")
        assert title != settings.SITE_NAME, path
        assert title not in seen_titles, (path, seen_titles.get(title))
        seen_titles[title] = path
        assert description == meta(html, "name", "description")[0], path
        if path != "/":
            assert description != default_description, path
