"""The record of a session (last seen, address, browser) without a write on every request."""

import pytest

from signins.models import SignIn
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_busy_session_is_recorded_at_most_once_a_minute(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    client.get("/", HTTP_USER_AGENT="Browser A")
    seen = SignIn.objects.get(user=user).last_seen_at
    with django_assert_num_queries(1):  # the account only: no session write
        client.get("/", HTTP_USER_AGENT="Browser A")
    assert SignIn.objects.get(user=user).last_seen_at == seen


def test_a_new_browser_or_address_is_recorded_at_once(client):
    user = UserFactory()
    client.force_login(user)
    client.get("/", HTTP_USER_AGENT="Browser A")
    client.get("/", HTTP_USER_AGENT="Browser B")
    assert SignIn.objects.get(user=user).user_agent == "Browser B"
    client.get("/", HTTP_USER_AGENT="Browser B", REMOTE_ADDR="192.0.2.7")
    assert SignIn.objects.get(user=user).ip == "192.0.2.7"
