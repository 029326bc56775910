from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.models import Email
from notifications.services import email_queue
from sitewide.site_url import absolute_url

from .models import ContactMessage, ContactReply


class ContactFormAlreadyUsed(Exception):
    """The form's nonce has sent a message already."""


class ContactReplyRefused(Exception):
    """The sender asked not to be contacted."""


def _contact_email_key(message_id: int, kind: str) -> str:
    return f"contact-{message_id}-{kind}"


def _new_message_id() -> str:
    """A Message-ID on the site's own domain, chosen before sending so a reply can point at it."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


@transaction.atomic
def contact_message_submit(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    contact_preference: str,
    form_nonce: str,
) -> ContactMessage:
    """Save a contact message; queue the staff alert and, if the sender allows, an acknowledgement.

    The acknowledgement goes to whatever address was typed, so it carries nothing else that was
    typed: a stranger's address gets a reference and a date, never someone else's words.
    """
    may_reply = contact_preference != ContactMessage.ContactPreference.DO_NOT_CONTACT
    try:
        contact = ContactMessage.objects.create(
            name=name,
            email=email,
            subject=subject,
            message=message,
            contact_preference=contact_preference,
            form_nonce=form_nonce,
            acknowledgement_message_id=_new_message_id() if may_reply else "",
        )
    except IntegrityError:
        raise ContactFormAlreadyUsed from None
    admin_url = absolute_url(reverse("admin:contact_contactmessage_change", args=[contact.pk]))
    email_queue(
        key=_contact_email_key(contact.pk, "staff-alert"),
        to=list(settings.STAFF_ALERT_EMAILS),
        template="contact_staff_alert",
        context={"contact": contact, "admin_url": admin_url},
        reply_to=[contact.email] if may_reply else [],
    )
    if may_reply:
        email_queue(
            key=_contact_email_key(contact.pk, "acknowledgement"),
            to=[contact.email],
            template="contact_acknowledgement",
            context={"reference": contact.reference, "received_at": contact.received_at},
            headers={"Message-ID": contact.acknowledgement_message_id},
        )
    return contact


def contact_message_save(*, message: ContactMessage) -> None:
    """Save staff's changes to a message; `handled_at` says when it was last marked handled."""
    if message.status != ContactMessage.Status.HANDLED:
        message.handled_at = None
    elif message.handled_at is None:
        message.handled_at = timezone.now()
    message.save()


def contact_messages_set_status(*, messages, status: str) -> int:
    """Move the messages of a queryset to `status`; returns how many changed."""
    changing = messages.exclude(status=status)
    if status == ContactMessage.Status.HANDLED:
        return changing.update(status=status, handled_at=timezone.now())
    return changing.update(status=status, handled_at=None)


@transaction.atomic
def contact_reply_send(*, message: ContactMessage, author, text: str) -> ContactReply:
    """Email staff's reply to the sender from the charity's address, in the same thread as the
    acknowledgement they received, and keep it with the message. A new message is then in
    progress."""
    if message.contact_preference == ContactMessage.ContactPreference.DO_NOT_CONTACT:
        raise ContactReplyRefused
    reply = ContactReply.objects.create(message=message, author=author, text=text)
    headers = {"Message-ID": _new_message_id()}
    if message.acknowledgement_message_id:
        headers["In-Reply-To"] = message.acknowledgement_message_id
        headers["References"] = message.acknowledgement_message_id
    reply.email = email_queue(
        key=_contact_email_key(message.pk, f"reply-{reply.pk}"),
        to=[message.email],
        template="contact_reply",
        context={"reference": message.reference, "text": text},
        reply_to=list(settings.CONTACT_REPLY_TO),
        headers=headers,
    )
    reply.save(update_fields=["email"])
    if message.status == ContactMessage.Status.NEW:
        message.status = ContactMessage.Status.IN_PROGRESS
        message.save(update_fields=["status"])
    return reply


@transaction.atomic
def contact_messages_delete_old(*, dry_run: bool = False) -> int:
    """Delete messages past the retention period, with the emails that quoted them: the staff
    alert, the acknowledgement and staff's replies (notes and replies go with the message)."""
    cutoff = timezone.now() - timedelta(days=settings.CONTACT_RETENTION_DAYS)
    old = ContactMessage.objects.filter(received_at__lt=cutoff)
    ids = list(old.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    keys = [
        _contact_email_key(message_id, kind)
        for message_id in ids
        for kind in ("staff-alert", "acknowledgement")
    ]
    replies = ContactReply.objects.filter(message_id__in=ids, email__isnull=False)
    Email.objects.filter(Q(key__in=keys) | Q(pk__in=replies.values("email_id"))).delete()
    ContactMessage.objects.filter(pk__in=ids).delete()
    return len(ids)
