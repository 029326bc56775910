"""Demo messages in the contact inbox: one new, one in progress with a note. No email is sent."""

from datetime import timedelta

from django.utils import timezone

from .models import ContactMessage, ContactNote

MESSAGES = [
    {
        "form_nonce": "demo-contact-new",
        "name": "Demo sender",
        "email": "demo.sender@example.org",
        "subject": ContactMessage.Subject.RESTORATIVE_JUSTICE,
        "message": "Demo data: I was harmed by a burglary last year. How do I find out whether "
        "restorative justice is available where I live?",
        "days_ago": 1,
    },
    {
        "form_nonce": "demo-contact-in-progress",
        "name": "Demo journalist",
        "email": "demo.press@example.org",
        "subject": ContactMessage.Subject.PRESS,
        "message": "Demo data: could someone comment on the new national action plan?",
        "days_ago": 3,
        "status": ContactMessage.Status.IN_PROGRESS,
        "note": "Demo data: asked the policy team for a quote by Friday.",
    },
]


def load() -> None:
    for fields in MESSAGES:
        fields = dict(fields)
        note = fields.pop("note", "")
        received_at = timezone.now() - timedelta(days=fields.pop("days_ago"))
        message, _ = ContactMessage.objects.update_or_create(
            form_nonce=fields.pop("form_nonce"), defaults={**fields, "received_at": received_at}
        )
        if note:
            ContactNote.objects.get_or_create(message=message, text=note)
