"""The header on every page: a search box for everyone, the members' links for those signed in."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from expert_group.models import Membership
from tests.expert_group.factories import MembershipFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

SEARCH_BOX = re.compile(
    r'<form class="site-search" method="get" action="/search/" role="search" aria-label="Site">\s*'
    r'<label class="visually-hidden" for="site-search-q">Search this site</label>\s*'
    r'<input type="search" id="site-search-q" name="q" maxlength="200">\s*'
    r'<button type="submit">Search</button>'
)


def header_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


@pytest.mark.parametrize(
    "path", ["/", "/publications/", "/contact/", "/accounts/login/", "/no-such-page/"]
)
def test_every_page_has_a_labelled_search_box_in_its_header(client, demo_content, path):
    assert SEARCH_BOX.search(header_of(client.get(path)))


def test_the_page_not_found_offers_a_search_box_of_its_own(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    main = response.content.decode().split("<main", 1)[1]
    assert re.search(r'<form [^>]*action="/search/" role="search">', main)
    assert '<label for="not-found-q">Search this site</label>' in main
    assert '<input type="search" name="q" id="not-found-q"' in main


def test_a_too_long_search_keeps_the_text_in_the_box(client):
    query = "restorative justice for victims " * 10
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert f'name="q" id="id_q" value="{query}"' in response.content.decode()


def test_anonymous_headers_ask_nothing_of_the_database(rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        html = render_to_string("includes/header.html", request=request)
    assert "Member sign in" in html
    assert "csrfmiddlewaretoken" not in html


def test_members_see_their_area_profile_and_a_sign_out_button(client):
    client.force_login(MembershipFactory().user)
    header = header_of(client.get("/publications/"))
    assert (
        '<a href="/expert-group/members/">Members\N{RIGHT SINGLE QUOTATION MARK} area</a>' in header
    )
    assert '<a href="/expert-group/members/profile/">Your profile</a>' in header
    assert re.search(
        r'<form method="post" action="/accounts/logout/">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">\s*'
        r'<button type="submit" class="site-header__sign-out">Sign out</button>',
        header,
    )
    assert "Member sign in" not in header
    assert ">Admin</a>" not in header


@pytest.mark.parametrize(("with_totp", "sees_admin"), [(True, True), (False, False)])
def test_only_staff_with_two_factor_authentication_see_the_admin(client, with_totp, sees_admin):
    client.force_login(staff_user(with_totp=with_totp))
    header = header_of(client.get("/"))
    assert ('<a href="/admin/">Admin</a>' in header) is sees_admin


def test_a_lapsed_member_still_sees_the_sign_out_button(client):
    client.force_login(MembershipFactory(status=Membership.Status.ENDED).user)
    assert ">Sign out</button>" in header_of(client.get("/"))
