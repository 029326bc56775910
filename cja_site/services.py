from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Email
from notifications.services import email_queue

from .models import ContactMessage, Redirect


def _contact_email_key(message_id: int, kind: str) -> str:
    return f"contact-{message_id}-{kind}"


@transaction.atomic
def contact_message_submit(
    *, name: str, email: str, subject: str, message: str, contact_preference: str
) -> ContactMessage:
    """Save a contact message; queue the staff alert and, if the sender allows, an acknowledgement."""
    contact = ContactMessage.objects.create(
        name=name,
        email=email,
        subject=subject,
        message=message,
        contact_preference=contact_preference,
    )
    admin_url = settings.SITE_URL + reverse(
        "admin:cja_site_contactmessage_change", args=[contact.pk]
    )
    email_queue(
        key=_contact_email_key(contact.pk, "staff-alert"),
        to=list(settings.STAFF_ALERT_EMAILS),
        template="contact_staff_alert",
        context={"contact": contact, "admin_url": admin_url},
    )
    preference = ContactMessage.ContactPreference
    if contact.contact_preference != preference.DO_NOT_CONTACT:
        email_queue(
            key=_contact_email_key(contact.pk, "acknowledgement"),
            to=[contact.email],
            template="contact_acknowledgement",
            context={
                "contact": contact,
                "quote_message": contact.contact_preference == preference.EMAIL,
            },
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


def redirect_record(*, old_path: str, new_path: str) -> Redirect | None:
    """Leave a permanent redirect from an item's old address to its new one.

    Earlier redirects to the old address are pointed straight at the new one (no chains), and a
    redirect away from the new address is removed, since the address is in use again.
    """
    if old_path == new_path:
        return None
    Redirect.objects.filter(old_path=new_path).delete()
    Redirect.objects.filter(new_path=old_path).update(new_path=new_path)
    redirect, _ = Redirect.objects.update_or_create(
        old_path=old_path, defaults={"new_path": new_path}
    )
    return redirect
