from django.db import models
from django.utils import timezone


class ContactMessage(models.Model):
    """A message sent through the contact form; deleted after the retention period."""

    class Subject(models.TextChoices):
        GENERAL = "general", "General enquiry"
        PRESS = "press", "Press and media"
        EXPERT_GROUP = "expert-group", "Joining the Restorative Expert Group"
        RESTORATIVE_JUSTICE = "restorative-justice", "Finding restorative justice"
        OTHER = "other", "Something else"

    class ContactPreference(models.TextChoices):
        EMAIL = "email", "Email is fine"
        EMAIL_NO_DETAILS = "email-no-details", "Email, but do not mention details of my message"
        DO_NOT_CONTACT = "none", "Please do not reply"

    name = models.CharField(max_length=150)
    email = models.EmailField()
    subject = models.CharField(max_length=30, choices=Subject.choices, default=Subject.GENERAL)
    message = models.TextField(max_length=5000)
    contact_preference = models.CharField(
        "how may we contact you safely?",
        max_length=20,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    form_nonce = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        editable=False,
        help_text="The nonce of the form that sent it: each form sends one message only.",
    )

    class Meta:
        # The table it had when the site app held it: moving the model moved no data.
        db_table = "cja_site_contactmessage"
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.get_subject_display()} from {self.name}"

    @property
    def reference(self) -> str:
        """What the sender is told to quote, e.g. CJA-2026-000123."""
        return f"CJA-{timezone.localtime(self.received_at):%Y}-{self.pk:06d}"
