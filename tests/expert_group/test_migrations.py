"""Upgrading a database with members and actions in it keeps every row: the dead
`Action.completed_at` goes, and `Membership.email` keeps one unique rule, whatever the case."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("expert_group", "0006_encrypt_authenticator_secrets")]
AFTER = [("expert_group", "0008_drop_action_completed_at_and_email_plain_unique")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def email_rules() -> list[dict]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "expert_group_membership")
    return [rule for rule in constraints.values() if rule["unique"] and not rule["primary_key"]]


def test_members_and_actions_survive_and_email_stays_unique_whatever_its_case():
    old = migrate(BEFORE)
    User = old.get_model("cja_site", "User")
    user = User.objects.create(email="ada@example.org", full_name="Ada")
    old_membership = old.get_model("expert_group", "Membership")
    old_membership.objects.create(email="ada@example.org", user=user, status="active")
    old_membership.objects.create(email="invited@example.org")
    meeting = old.get_model("expert_group", "Meeting").objects.create(
        title="Before", starts_at="2026-01-01T10:00Z", ends_at="2026-01-01T12:00Z"
    )
    old.get_model("expert_group", "Action").objects.create(
        raised_at=meeting, text="Draft the note", owner=user, status="done"
    )
    plain_and_case_blind = len(email_rules())

    new = migrate(AFTER)
    Membership = new.get_model("expert_group", "Membership")
    assert sorted(Membership.objects.values_list("email", "status")) == [
        ("ada@example.org", "active"),
        ("invited@example.org", "invited"),
    ]
    action = new.get_model("expert_group", "Action").objects.get()
    assert (action.text, action.status, action.owner_id) == ("Draft the note", "done", user.pk)
    assert len(email_rules()) == plain_and_case_blind - 1
    for repeat in ("ada@example.org", "ADA@example.org"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(email=repeat)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
