"""Emails queued before bodies were sealed still hold private links in plain text: seal those
not yet sent, and wipe the bodies of those already sent. Which emails carry links is known from
their keys: allauth's account emails, invitations, and the per-member meeting emails."""

from django.db import migrations
from django.db.models import Q

from notifications import crypto

CARRIES_SECRET = (
    Q(key__startswith="account-")
    | Q(key__startswith="expert-group-invitation-")
    | (Q(key__startswith="meeting-") & Q(key__contains="-user-"))
)


def seal_existing(apps, schema_editor):
    Email = apps.get_model("notifications", "Email")
    for email in Email.objects.filter(CARRIES_SECRET, sealed=False).iterator():
        if email.status == "sent":
            email.text_body = email.html_body = ""
            email.attachments = [
                {"filename": a["filename"], "mimetype": a["mimetype"]} for a in email.attachments
            ]
        else:
            email.text_body = crypto.encrypt(email.text_body) if email.text_body else ""
            email.html_body = crypto.encrypt(email.html_body) if email.html_body else ""
            email.attachments = [
                {**a, "content": crypto.encrypt(a["content"])} for a in email.attachments
            ]
        email.sealed = True
        email.save(update_fields=["text_body", "html_body", "attachments", "sealed"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_email_sealed"),
    ]

    operations = [
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
    ]
