from django.db import models
from django.utils import timezone

from publications.models import AlternativeFormat, Attachment, Publication

# What a visitor may ask for. Welsh is a translation, not a format: it is asked for as "another".
REQUESTABLE_FORMATS = [
    AlternativeFormat.AUDIO,
    AlternativeFormat.BRAILLE,
    AlternativeFormat.BSL,
    AlternativeFormat.EASY_READ,
    AlternativeFormat.LARGE_PRINT,
    AlternativeFormat.OTHER,
]


class FormatRequest(models.Model):
    """A visitor's request for a document in a format they can use.

    The requester's email address, name and words are erased FORMAT_REQUEST_RETENTION_DAYS
    after the request is resolved; the rest stays, so staff can see what is asked for.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FULFILLED = "fulfilled", "Fulfilled"
        CLOSED = "closed", "Closed without the format"

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="format_requests"
    )
    document = models.ForeignKey(
        Attachment,
        null=True,
        on_delete=models.SET_NULL,
        related_name="format_requests",
        help_text="The document asked for in another format.",
    )
    format = models.CharField(
        max_length=20, choices=[(f.value, f.label) for f in REQUESTABLE_FORMATS]
    )
    other_format = models.CharField(
        "format described", max_length=200, blank=True, help_text="For “another format”."
    )
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=150, blank=True)
    needed_by = models.DateField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    due_on = models.DateField(
        "promised by", help_text="The date the requester was promised: 10 working days on."
    )
    remind_on = models.DateField(
        help_text="Staff are reminded from this date if the request is still open."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    fulfilled_with = models.ForeignKey(
        Attachment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The alternative format sent to the requester.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField("personal data erased", null=True, blank=True, editable=False)
    form_nonce = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        editable=False,
        help_text="The nonce of the form that sent it: each form sends one request only.",
    )

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "due_on"], name="formatrequest_open_idx")]

    def __str__(self):
        return f"{self.reference}: {self.get_format_display()}"

    @property
    def reference(self) -> str:
        """What the requester is told to quote, e.g. FMT-2026-000123."""
        return f"FMT-{timezone.localtime(self.requested_at):%Y}-{self.pk:06d}"

    @property
    def format_wanted(self) -> str:
        if self.format == AlternativeFormat.OTHER and self.other_format:
            return f"{self.get_format_display()}: {self.other_format}"
        return self.get_format_display()
