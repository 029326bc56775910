from django.conf import settings
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

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in-progress", "In progress"
        HANDLED = "handled", "Handled"

    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    handled_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was marked as handled."
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_contact_messages",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text="The member of staff who looks after it.",
    )
    acknowledgement_message_id = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The Message-ID of the acknowledgement emailed to the sender: replies are "
        "threaded to it.",
    )
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


class ContactNote(models.Model):
    """A note staff keep on a message, never sent to anyone."""

    message = models.ForeignKey(ContactMessage, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    text = models.TextField("note", max_length=5000)
    created_at = models.DateTimeField("written", default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "internal note"

    def __str__(self):
        return f"Note on {self.message.reference}"


class ContactReply(models.Model):
    """A reply written in the admin and emailed to the sender through the outbox."""

    message = models.ForeignKey(ContactMessage, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    text = models.TextField("reply", max_length=10000)
    created_at = models.DateTimeField("written", default=timezone.now, editable=False)
    email = models.ForeignKey(
        "notifications.Email", on_delete=models.SET_NULL, null=True, editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "replies"

    def __str__(self):
        return f"Reply to {self.message.reference}"
