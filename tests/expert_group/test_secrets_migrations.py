"""Upgrading keeps what members already have working: calendar addresses made before only
hashes were kept, and authenticator apps set up before their secrets were encrypted; and emails
queued before lose their plain links."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from notifications import crypto
from tests.factories import TEST_TOTP_SECRET

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("expert_group", "0002_invitations_and_meetings"),
    ("mfa", "0003_authenticator_type_uniq"),
    ("notifications", "0001_initial"),
]
AFTER = [
    ("expert_group", "0006_encrypt_authenticator_secrets"),
    ("notifications", "0004_seal_existing_private_links"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_calendar_addresses_and_authenticators_keep_working_after_the_upgrade(client):
    user = MembershipFactory().user
    old = migrate(BEFORE)
    old.get_model("expert_group", "CalendarFeed").objects.create(user_id=user.pk, token="old-token")
    old.get_model("mfa", "Authenticator").objects.create(
        user_id=user.pk, type="totp", data={"secret": TEST_TOTP_SECRET}
    )
    new = migrate(AFTER)
    feed = new.get_model("expert_group", "CalendarFeed").objects.get(user_id=user.pk)
    assert feed.token_hash == hashlib.sha256(b"old-token").hexdigest()
    secret = new.get_model("mfa", "Authenticator").objects.get(user_id=user.pk).data["secret"]
    assert secret != TEST_TOTP_SECRET
    assert crypto.decrypt(secret) == TEST_TOTP_SECRET
    migrate(executor_leaf_nodes())
    assert client.get(reverse("expert_group:calendar-feed", args=["old-token"])).status_code == 200
    assert (
        client.get(reverse("expert_group:calendar-feed", args=["other-token"])).status_code == 404
    )


def executor_leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_emails_queued_before_the_upgrade_lose_their_plain_links():
    old = migrate(BEFORE)
    Email = old.get_model("notifications", "Email")
    body = "Accept: https://www.example.org.uk/expert-group/invitations/plain-token/"
    Email.objects.create(
        key="expert-group-invitation-1", to=["a@example.org"], subject="S", text_body=body
    )
    Email.objects.create(
        key="account-password_reset_key-1",
        to=["b@example.org"],
        subject="S",
        text_body=body,
        status="sent",
    )
    Email.objects.create(
        key="contact-1-staff-alert", to=["c@example.org"], subject="S", text_body="Hi"
    )
    new = migrate(AFTER)
    Email = new.get_model("notifications", "Email")
    pending = Email.objects.get(key="expert-group-invitation-1")
    assert pending.sealed and crypto.decrypt(pending.text_body) == body
    sent = Email.objects.get(key="account-password_reset_key-1")
    assert sent.sealed and sent.text_body == ""
    other = Email.objects.get(key="contact-1-staff-alert")
    assert not other.sealed and other.text_body == "Hi"
    migrate(executor_leaf_nodes())
