from django.db import models
from django.utils import timezone


class Email(models.Model):
    """One email in the outbox, written in the same transaction as whatever caused it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # Withdrawn before sending, e.g. the address unsubscribed from email updates meanwhile.
        CANCELLED = "cancelled", "Cancelled"

    key = models.CharField(
        "idempotency key",
        max_length=200,
        unique=True,
        help_text="Queueing the same key twice sends the email once.",
    )
    to = models.JSONField(help_text="Recipient addresses.")
    reply_to = models.JSONField(
        default=list, blank=True, help_text="Where replies go, if not to the site's address."
    )
    headers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Extra message headers, e.g. List-Unsubscribe on email updates.",
    )
    subject = models.CharField(max_length=255)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, content, mimetype}], text content only."
    )
    sealed = models.BooleanField(
        default=False,
        editable=False,
        help_text="The email carries a private link: its body is stored encrypted, is never "
        "shown in the admin and is wiped once sent.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
