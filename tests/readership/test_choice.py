"""Choosing not to be counted: Global Privacy Control and Do Not Track need nothing; the button
on the privacy page's counting page sets a cookie that says only that, and removes it; the
page shows this browser's choice and is never cached."""

import pytest
from django.test import Client
from django.utils import timezone

from readership import counting
from tests.factories import PageFactory

from .test_counting import visitor

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

CHOICE = "/privacy/counting/"
SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def views_counted(client) -> int:
    client.get("/about-us/")
    counting.readership_flush()
    key = counting.counts_key(timezone.localdate())
    return sum(int(count) for count in counting.readership_redis().hgetall(key).values())


def test_the_button_sets_a_cookie_that_stops_counting_and_removing_it_counts_again(
    readership_redis,
):
    PageFactory(slug="about-us")
    reader = visitor(1)
    page = reader.get(CHOICE)
    assert page.status_code == 200
    assert "Your visits are counted" in page.content.decode()
    assert not page.cookies, "no cookie before the button is pressed"
    assert "no-store" in page["Cache-Control"]
    assert views_counted(reader) == 1

    answer = reader.post(CHOICE, {"choice": "opt-out"}, **SAME_SITE)
    assert answer.status_code == 302 and answer["Location"] == CHOICE
    cookie = answer.cookies["readership_opt_out"]
    assert cookie.value == "1"
    assert (cookie["samesite"], cookie["max-age"], cookie["httponly"]) == ("Lax", 31536000, True)
    assert "You chose not to be counted" in reader.get(CHOICE).content.decode()
    assert views_counted(reader) == 1, "not counted with the cookie"
    assert views_counted(visitor(2)) == 2, "another browser still counted"

    reader.post(CHOICE, {"choice": "count"}, HTTP_ORIGIN="http://testserver")
    assert "Your visits are counted" in reader.get(CHOICE).content.decode()
    assert views_counted(reader) == 3


def test_the_page_says_when_the_browser_already_refuses(readership_redis):
    page = visitor(1, HTTP_SEC_GPC="1").get(CHOICE).content.decode()
    assert "Your browser is sending Global Privacy Control" in page
    page = visitor(2, HTTP_DNT="1").get(CHOICE).content.decode()
    assert "Your browser is sending Do Not Track" in page


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example.com"},
        {},  # a browser says where a form came from; with neither header, refused
    ],
)
def test_a_form_sent_from_another_site_is_refused(readership_redis, headers):
    answer = visitor(1).post(CHOICE, {"choice": "opt-out"}, **headers)
    assert answer.status_code == 403
    assert "readership_opt_out" not in answer.cookies
    assert "That came from another site" in answer.content.decode()


def test_a_choice_that_is_not_one_of_the_buttons_is_a_clear_400(readership_redis):
    answer = visitor(1).post(CHOICE, {"choice": "maybe"}, **SAME_SITE)
    assert answer.status_code == 400
    assert "Choose one of the buttons below." in answer.content.decode()
    assert Client().put(CHOICE).status_code == 405
