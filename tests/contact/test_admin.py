"""Contact messages in the admin, and the retention rule that deletes old ones."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactMessage
from contact.services import contact_message_submit
from contact.tasks import delete_old_contact_messages
from notifications.models import Email
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:contact_contactmessage_changelist")


def make_message(name="Ada", *, days_old=0, **fields):
    return ContactMessage.objects.create(
        name=name,
        email=f"{name.lower()}@example.org",
        message=f"A message from {name}",
        received_at=timezone.now() - timedelta(days=days_old),
        **fields,
    )


@pytest.fixture
def staff_client(client):
    client.force_login(staff_user())
    return client


def test_staff_mark_messages_handled(staff_client):
    first, second = make_message("Ada"), make_message("Grace")
    response = staff_client.post(
        CHANGELIST,
        {"action": "mark_handled", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 message(s) marked as handled." in response.content.decode()
    assert ContactMessage.objects.filter(handled_at__isnull=True).count() == 0


def test_the_list_filters_unhandled_and_by_subject(staff_client):
    make_message("Ada", handled_at=timezone.now())
    make_message("Grace", subject=ContactMessage.Subject.EXPERT_GROUP)
    response = staff_client.get(CHANGELIST, {"handled_at__isempty": "1"})
    assert [m.name for m in response.context["cl"].result_list] == ["Grace"]
    response = staff_client.get(CHANGELIST, {"subject__exact": "expert-group"})
    assert [m.name for m in response.context["cl"].result_list] == ["Grace"]


def test_non_staff_cannot_read_messages(client):
    message = make_message()
    client.force_login(UserFactory(is_staff=False))
    response = client.get(reverse("admin:contact_contactmessage_change", args=[message.pk]))
    assert response.status_code == 302
    assert "A message from" not in response.content.decode()


def test_old_messages_and_the_emails_quoting_them_are_deleted(settings):
    settings.CONTACT_RETENTION_DAYS = 30
    old = contact_message_submit(
        name="Old",
        email="old@example.org",
        subject="general",
        message="Old news",
        contact_preference="email",
        form_nonce="old-form",
    )
    ContactMessage.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(31))
    Email.objects.filter(key__endswith="staff-alert").update(status=Email.Status.SENT)
    recent = make_message("Recent", days_old=29)

    assert delete_old_contact_messages.delay().get() == 1
    assert list(ContactMessage.objects.all()) == [recent]
    assert not Email.objects.filter(key__startswith=f"contact-{old.pk}-").exists()


def test_dry_run_only_counts(settings, capsys):
    settings.CONTACT_RETENTION_DAYS = 30
    make_message("Old", days_old=31)
    call_command("delete_old_contact_messages", "--dry-run")
    assert "Would delete 1 contact message(s) older than 30 days." in capsys.readouterr().out
    assert ContactMessage.objects.count() == 1
    call_command("delete_old_contact_messages")
    assert "Deleted 1 contact message(s)" in capsys.readouterr().out
    assert not ContactMessage.objects.exists()


def test_the_retention_job_is_scheduled_every_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["delete-old-contact-messages"]
    assert entry["task"] == delete_old_contact_messages.name
    assert entry["schedule"].hour == {3}


def test_the_message_list_costs_the_same_queries_for_many_rows(
    staff_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_message("First")
    staff_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as one:
        assert staff_client.get(CHANGELIST).status_code == 200
    for n in range(20):
        make_message(f"Person{n}")
    with django_assert_num_queries(len(one)):
        staff_client.get(CHANGELIST)


def test_staff_find_a_message_by_the_reference_its_sender_quotes(staff_client):
    make_message("Ada")
    grace = make_message("Grace")
    response = staff_client.get(CHANGELIST, {"q": f" {grace.reference.lower()} "})
    assert [m.name for m in response.context["cl"].result_list] == ["Grace"]
    response = staff_client.get(CHANGELIST, {"q": "CJA-2026-9999999999999"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_links_in_alerts_sent_before_the_move_still_open_the_message(staff_client):
    message = make_message("Ada")
    response = staff_client.get(f"/admin/cja_site/contactmessage/{message.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:contact_contactmessage_change", args=[message.pk])
