"""Upgrading keeps what members already have working: calendar addresses made before only
hashes were kept, and authenticator apps set up before their secrets were encrypted."""

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
]
AFTER = [("expert_group", "0004_encrypt_authenticator_secrets")]


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
