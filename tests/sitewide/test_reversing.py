"""Remembered addresses are the addresses Django's reverse() gives, for every prefix and URLconf."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from sitewide import reversing
from sitewide.reversing import cached_reverse


@pytest.fixture
def served_under_a_prefix():
    set_script_prefix("/charity/")
    yield
    set_script_prefix("/")


def test_an_address_is_the_one_reverse_gives():
    assert cached_reverse("publications:detail", kwargs={"slug": "a-report"}) == reverse(
        "publications:detail", kwargs={"slug": "a-report"}
    )
    assert cached_reverse("expert_group:meeting-detail", [7]) == "/expert-group/members/meetings/7/"


def test_an_address_follows_the_prefix_the_site_is_served_under(served_under_a_prefix):
    assert cached_reverse("contact:form") == "/charity/contact/"
    assert Template("{% url 'contact:form' %}").render(Context()) == "/charity/contact/"


def test_an_address_follows_a_changed_urlconf(settings):
    assert cached_reverse("contact:form") == "/contact/"
    settings.ROOT_URLCONF = "tests.sitewide.moved_urls"
    assert cached_reverse("contact:form") == "/get-in-touch/"


def test_the_url_tag_still_sets_a_variable_and_leaves_a_missing_view_empty():
    rendered = Template(
        "{% url 'publications:detail' slug=slug %}|{% url 'no-such-view' as missing %}[{{ missing }}]"
    ).render(Context({"slug": "a-report"}))
    assert rendered == "/publications/a-report/|[]"


def test_a_template_asks_the_resolver_once_for_each_address(monkeypatch):
    asked = []
    monkeypatch.setattr(reversing, "reverse", lambda *a, **k: asked.append(a) or reverse(*a, **k))
    reversing._reversed.cache_clear()
    template = Template("{% url 'publications:detail' slug=slug %} {% url 'contact:form' %}")
    for _ in range(3):
        template.render(Context({"slug": "a-report"}))
    assert len(asked) == 2
