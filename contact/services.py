from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Email
from notifications.services import email_queue
from sitewide.site_url import absolute_url

from .models import ContactMessage


class ContactFormAlreadyUsed(Exception):
    """The form's nonce has sent a message already."""


def _contact_email_key(message_id: int, kind: str) -> str:
    return f"contact-{message_id}-{kind}"


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
    try:
        contact = ContactMessage.objects.create(
            name=name,
            email=email,
            subject=subject,
            message=message,
            contact_preference=contact_preference,
            form_nonce=form_nonce,
        )
    except IntegrityError:
        raise ContactFormAlreadyUsed from None
    admin_url = absolute_url(reverse("admin:contact_contactmessage_change", args=[contact.pk]))
    may_reply = contact.contact_preference != ContactMessage.ContactPreference.DO_NOT_CONTACT
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
        )
    return contact


@transaction.atomic
def contact_messages_delete_old(*, dry_run: bool = False) -> int:
    """Delete messages past the retention period, with the emails that quoted them."""
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
    Email.objects.filter(key__in=keys).delete()
    ContactMessage.objects.filter(pk__in=ids).delete()
    return len(ids)
