"""Contact messages moved from the site app to their own: a database made before the move
keeps every message, and staff keep their permissions on them."""

import datetime

import pytest
from django.utils import timezone

BEFORE = ("cja_site", "0004_admin_help_texts")
AFTER = [
    ("contact", "0001_contactmessage_from_cja_site"),
    ("cja_site", "0005_contactmessage_to_contact"),
]

FIELDS = {
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "subject": "press",
    "message": "Could we talk about your briefing?",
    "contact_preference": "email-no-details",
    "received_at": datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
    "handled_at": datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC),
    "form_nonce": "a-nonce",
}


@pytest.mark.django_db(transaction=True)
def test_messages_and_staff_permissions_survive_the_move(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    # What the old code's post_migrate made: a content type, its permissions, a staff group.
    content_type = old.apps.get_model("contenttypes", "ContentType").objects.create(
        app_label="cja_site", model="contactmessage"
    )
    permission = old.apps.get_model("auth", "Permission").objects.create(
        content_type=content_type, codename="view_contactmessage", name="Can view contact message"
    )
    group = old.apps.get_model("auth", "Group").objects.create(name="Office")
    group.permissions.add(permission)
    message = old.apps.get_model("cja_site", "ContactMessage").objects.create(**FIELDS)

    new = migrator.apply_tested_migration(AFTER)

    moved = new.apps.get_model("contact", "ContactMessage").objects.get()
    assert moved.pk == message.pk
    assert {field: getattr(moved, field) for field in FIELDS} == FIELDS
    ContentType = new.apps.get_model("contenttypes", "ContentType")
    assert (
        ContentType.objects.get(app_label="contact", model="contactmessage").pk == content_type.pk
    )
    assert not ContentType.objects.filter(app_label="cja_site", model="contactmessage").exists()
    assert list(
        new.apps.get_model("auth", "Group")
        .objects.get(name="Office")
        .permissions.values_list("content_type__app_label", "codename")
    ) == [("contact", "view_contactmessage")]


@pytest.mark.django_db(transaction=True)
def test_a_database_made_before_any_content_type_migrates(migrator):
    migrator.apply_initial_migration(BEFORE)
    new = migrator.apply_tested_migration(AFTER)
    ContactMessage = new.apps.get_model("contact", "ContactMessage")
    ContactMessage.objects.create(name="Grace", email="grace@example.org", message="Hello")
    assert ContactMessage.objects.get().received_at <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_messages_marked_handled_before_statuses_existed_are_handled(migrator):
    old = migrator.apply_initial_migration(("contact", "0001_contactmessage_from_cja_site"))
    OldMessage = old.apps.get_model("contact", "ContactMessage")
    OldMessage.objects.create(**{**FIELDS, "form_nonce": "handled"})
    OldMessage.objects.create(**{**FIELDS, "form_nonce": "waiting", "handled_at": None})

    new = migrator.apply_tested_migration(("contact", "0002_contact_inbox"))

    ContactMessage = new.apps.get_model("contact", "ContactMessage")
    assert dict(ContactMessage.objects.values_list("form_nonce", "status")) == {
        "handled": "handled",
        "waiting": "new",
    }
    assert ContactMessage.objects.get(form_nonce="handled").handled_at == FIELDS["handled_at"]


@pytest.mark.django_db(transaction=True)
def test_going_back_keeps_only_handled_as_handled(migrator):
    new = migrator.apply_initial_migration(("contact", "0002_contact_inbox"))
    ContactMessage = new.apps.get_model("contact", "ContactMessage")
    ContactMessage.objects.create(**{**FIELDS, "form_nonce": "done", "status": "handled"})
    ContactMessage.objects.create(**{**FIELDS, "form_nonce": "doing", "status": "in-progress"})

    old = migrator.apply_tested_migration(("contact", "0001_contactmessage_from_cja_site"))

    OldMessage = old.apps.get_model("contact", "ContactMessage")
    assert dict(OldMessage.objects.values_list("form_nonce", "handled_at")) == {
        "done": FIELDS["handled_at"],
        "doing": None,
    }
