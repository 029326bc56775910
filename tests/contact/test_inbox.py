"""The contact inbox as staff work it: the sender's reference, a status, an assignee, internal
notes, and a reply emailed through the outbox in the thread of the acknowledgement."""

import email
from datetime import timedelta
from email import policy

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactMessage, ContactNote, ContactReply
from contact.services import (
    ContactReplyRefused,
    contact_message_submit,
    contact_messages_delete_old,
    contact_reply_send,
)
from notifications.models import Email
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:contact_contactmessage_changelist")


@pytest.fixture(autouse=True)
def contact_settings(settings):
    settings.DEFAULT_FROM_EMAIL = "Criminal Justice Alliance <hello@cja.example>"
    settings.CONTACT_REPLY_TO = ["team@cja.example"]
    settings.SITE_URL = "https://cja.example"


def submitted(name="Ada", preference="email", nonce=None):
    return contact_message_submit(
        name=name,
        email=f"{name.lower()}@example.org",
        subject="general",
        message=f"A question from {name}.",
        contact_preference=preference,
        form_nonce=nonce or f"form-{name}",
    )


@pytest.fixture
def staff(client):
    user = staff_user(email="sam@cja.example", full_name="Sam Staff")
    client.force_login(user)
    return user


def change_url(message):
    return reverse("admin:contact_contactmessage_change", args=[message.pk])


def change_form(message, **fields):
    """What the change form posts: its fields, the inlines' management forms, a note or not."""
    data = {
        "status": message.status,
        "assignee": message.assignee_id or "",
        "reply": "",
        "replies-TOTAL_FORMS": "0",
        "replies-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-0-text": "",
        "notes-0-message": message.pk,
        "_save": "Save",
    }
    data.update(fields)
    return data


def parsed(sent) -> email.message.EmailMessage:
    """A sent message as a mail program reads it."""
    return email.message_from_bytes(sent.message().as_bytes(), policy=policy.default)


def test_the_reference_shows_in_the_list_and_on_the_message(client, staff):
    message = submitted()
    list_page = client.get(CHANGELIST).content.decode()
    assert f"<strong>{message.reference}</strong>" in list_page
    page = client.get(change_url(message)).content.decode()
    assert message.reference in page


@pytest.mark.parametrize(
    "term",
    [
        lambda m: m.reference,
        lambda m: m.reference.lower(),
        lambda m: m.reference.split("-", 1)[1],  # "2026-000042"
        lambda m: f"{m.pk:06d}",
        lambda m: f"-{m.pk:06d}",
    ],
    ids=["whole", "lower case", "without CJA", "number", "dash and number"],
)
def test_any_part_of_the_reference_finds_the_message(client, staff, term):
    for name in ["Ada", "Grace", "Mary"]:
        submitted(name)
    grace = ContactMessage.objects.get(name="Grace")
    response = client.get(CHANGELIST, {"q": term(grace)})
    assert [m.name for m in response.context["cl"].result_list] == ["Grace"]


def test_the_year_of_the_reference_finds_that_years_messages(client, staff):
    this_year, last_year = submitted("Ada"), submitted("Grace")
    ContactMessage.objects.filter(pk=last_year.pk).update(
        received_at=timezone.now() - timedelta(days=400)
    )
    response = client.get(CHANGELIST, {"q": this_year.reference[:8]})  # "CJA-2026"
    assert [m.name for m in response.context["cl"].result_list] == ["Ada"]


def test_staff_set_the_status_and_the_assignee_on_the_message(client, staff):
    message = submitted()
    colleague = staff_user(email="kim@cja.example", full_name="Kim Colleague")
    response = client.post(
        change_url(message), change_form(message, status="in-progress", assignee=colleague.pk)
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.assignee, message.handled_at) == (
        "in-progress",
        colleague,
        None,
    )

    client.post(change_url(message), change_form(message, status="handled"))
    message.refresh_from_db()
    assert message.status == "handled"
    assert message.handled_at is not None
    # The home page's "not yet handled" count goes by handled_at: it leaves this one out.
    assert client.get(CHANGELIST, {"handled_at__isempty": "1"}).context["cl"].result_count == 0

    client.post(change_url(message), change_form(message, status="new"))
    message.refresh_from_db()
    assert (message.status, message.handled_at) == ("new", None)


def test_only_active_staff_can_be_assigned(client, staff):
    message = submitted()
    member = UserFactory(email="member@example.org", is_staff=False)
    response = client.post(change_url(message), change_form(message, assignee=member.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    choices = [str(c[1]) for c in response.context["adminform"].form.fields["assignee"].choices]
    assert "member@example.org" not in " ".join(choices)


def test_the_list_shows_and_filters_status_and_assignee(client, staff):
    mine, theirs = submitted("Ada"), submitted("Grace")
    ContactMessage.objects.filter(pk=mine.pk).update(assignee=staff, status="in-progress")
    response = client.get(CHANGELIST, {"status__exact": "in-progress"})
    assert [m.name for m in response.context["cl"].result_list] == ["Ada"]
    assert "Sam Staff" in response.content.decode()
    response = client.get(CHANGELIST, {"status__exact": "new"})
    assert [m.name for m in response.context["cl"].result_list] == [theirs.name]


def test_staff_mark_messages_in_progress_from_the_list(client, staff):
    first, second = submitted("Ada"), submitted("Grace")
    response = client.post(
        CHANGELIST,
        {"action": "mark_in_progress", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 message(s) marked as in progress." in response.content.decode()
    assert set(ContactMessage.objects.values_list("status", flat=True)) == {"in-progress"}


def test_staff_keep_internal_notes_that_name_their_author(client, staff):
    message = submitted()
    client.post(change_url(message), change_form(message, **{"notes-0-text": "Called back."}))
    note = ContactNote.objects.get()
    assert (note.message, note.author, note.text) == (message, staff, "Called back.")
    page = client.get(change_url(message)).content.decode()
    assert "Called back." in page
    # A note is a record: once written, it is shown, not offered for editing.
    assert 'name="notes-0-text"' not in page
    assert 'name="notes-1-text"' in page
    assert not any("Called back" in e.subject + e.text_body for e in Email.objects.all())


def test_a_reply_goes_through_the_outbox_in_the_acknowledgements_thread(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = submitted()
    acknowledgement = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    acknowledgement_id = parsed(acknowledgement)["Message-ID"]
    assert acknowledgement_id == message.acknowledgement_message_id
    assert acknowledgement_id.endswith("@cja.example>")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(message),
            change_form(message, reply="Dear Ada,\n\nWe can call you on Tuesday.\n\nSam"),
            follow=True,
        )
    assert "Your reply to ada@example.org is on its way." in response.content.decode()

    reply = ContactReply.objects.get()
    assert (reply.message, reply.author) == (message, staff)
    assert reply.email.status == Email.Status.SENT
    [sent] = mail.outbox
    read = parsed(sent)
    assert read["From"] == "Criminal Justice Alliance <hello@cja.example>"
    assert read["To"] == "ada@example.org"
    assert read["Reply-To"] == "team@cja.example"
    assert read["Subject"] == f"Re: We have received your message (reference {message.reference})"
    assert read["In-Reply-To"] == acknowledgement_id
    assert read["References"] == acknowledgement_id
    assert read["Message-ID"] not in (None, acknowledgement_id)
    text = read.get_body(("plain",)).get_content()
    assert "We can call you on Tuesday." in text
    assert message.reference in text
    html = read.get_body(("html",)).get_content()
    assert "<p>Dear Ada,</p>" in html

    message.refresh_from_db()
    assert message.status == "in-progress"  # a reply moves a new message on
    page = client.get(change_url(message)).content.decode()
    assert "We can call you on Tuesday." in page
    assert "Sent" in page


def test_staff_cannot_reply_to_someone_who_asked_not_to_be_contacted(client, staff):
    message = submitted(preference="none")
    page = client.get(change_url(message)).content.decode()
    assert "The sender asked not to be contacted" in page
    client.post(change_url(message), change_form(message, reply="Hello"))
    assert not ContactReply.objects.exists()
    assert not Email.objects.filter(to=["ada@example.org"]).exists()
    with pytest.raises(ContactReplyRefused):
        contact_reply_send(message=message, author=staff, text="Hello")


def test_staff_are_reminded_when_the_sender_wants_no_details_in_email(client, staff):
    message = submitted(preference="email-no-details")
    page = client.get(change_url(message)).content.decode()
    assert "asked that emails do not mention the details of their message" in page


def test_a_message_received_before_threading_still_gets_a_reply(client, staff):
    message = submitted()
    ContactMessage.objects.filter(pk=message.pk).update(acknowledgement_message_id="")
    message.refresh_from_db()
    reply = contact_reply_send(message=message, author=staff, text="Hello again")
    assert "In-Reply-To" not in reply.email.headers
    assert reply.email.headers["Message-ID"].endswith("@cja.example>")


def test_replies_and_notes_go_with_the_message_when_it_is_deleted_for_age(settings, staff):
    settings.CONTACT_RETENTION_DAYS = 30
    old, recent = submitted("Old"), submitted("Recent")
    for message in (old, recent):
        contact_reply_send(message=message, author=staff, text=f"Reply to {message.name}")
        ContactNote.objects.create(message=message, author=staff, text="A note")
    ContactMessage.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(31))

    assert contact_messages_delete_old() == 1

    assert list(ContactMessage.objects.all()) == [recent]
    assert list(ContactReply.objects.values_list("text", flat=True)) == ["Reply to Recent"]
    assert ContactNote.objects.count() == 1
    assert not Email.objects.filter(key__startswith=f"contact-{old.pk}-").exists()
    assert not Email.objects.filter(to=["old@example.org"]).exists()
    assert Email.objects.filter(key=f"contact-{recent.pk}-reply-{recent.replies.get().pk}")


def test_the_demo_content_fills_the_inbox_once(client, staff):
    for _ in range(2):
        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(ContactMessage.objects.values_list("status", flat=True)) == [
        "in-progress",
        "new",
    ]
    assert ContactNote.objects.count() == 1
    assert not Email.objects.filter(key__startswith="contact-").exists()
