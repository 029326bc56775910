import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from documents.models import Document
from documents.sniffing import OFFICE_FORMATS, document_download_name
from documents.storage import private_storage
from documents.validators import DocumentValidator
from publishing.richtext import sanitise_html
from sitewide.reversing import cached_reverse


class Membership(models.Model):
    """A person's place in the Restorative Expert Group, from invitation to the end."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        OBSERVER = "observer", "Observer"
        SECRETARIAT = "secretariat", "Secretariat"

    # Unique whatever its case (Meta.constraints), which covers an exact repeat too.
    email = models.EmailField(help_text="The address the invitation goes to.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="membership",
        help_text="Set when the invitation is accepted.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    organisation = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    bio = models.TextField("short bio", max_length=1000, blank=True)
    # Private: served by a view that shows it only where the member's profile may be seen.
    photo = models.ImageField(upload_to="members/", storage=private_storage, blank=True)
    photo_alt = models.CharField("photo alt text", max_length=200, blank=True)
    listed_publicly = models.BooleanField("list me on the public expert group page", default=False)
    email_meeting_notices = models.BooleanField(
        "email me when meetings are scheduled, changed or cancelled", default=True
    )
    email_reminders = models.BooleanField("email me reminders before meetings", default=True)
    email_papers = models.BooleanField(
        "email me when papers and minutes are circulated", default=True
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Loaded as demo content."
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user__full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="membership_email_ci_unique")]

    def __str__(self):
        return str(self.user) if self.user else self.email

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Invitation(models.Model):
    """One emailed link to join the group. Only a hash of its token is stored; it works once."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.membership.email}"


def new_meeting_uid() -> str:
    return f"meeting-{uuid.uuid4()}"


class Meeting(models.Model):
    """A meeting of the group. Times are stored in UTC and shown in Europe/London."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid (in person and online)"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField(
        "starts at",
        help_text="UK time. Changing the time, place, joining link or details of a meeting "
        "emails members an updated calendar entry.",
    )
    ends_at = models.DateTimeField("ends at")
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.ONLINE)
    venue = models.CharField(
        max_length=300, blank=True, help_text="Address, for in-person meetings."
    )
    joining_link = models.URLField(
        max_length=500, blank=True, help_text="For online meetings; shown to members only."
    )
    accessibility = models.TextField(
        "accessibility information",
        blank=True,
        help_text="Step-free access, hearing loop, captions, quiet room…",
    )
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text="To cancel, use the “Cancel the selected meetings” action: members are told.",
    )
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many must be attending; staff are alerted if fewer. Empty: the site default.",
    )
    uid = models.CharField(max_length=100, unique=True, default=new_meeting_uid, editable=False)
    # RFC 5545: raised on every change that calendars must pick up.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    quorum_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y})"

    def get_absolute_url(self):
        return cached_reverse("expert_group:meeting-detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting must end after it starts."})
        if self.format != self.Format.IN_PERSON and not self.joining_link:
            raise ValidationError(
                {"joining_link": "Online and hybrid meetings need a joining link."}
            )

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.format != self.Format.IN_PERSON

    @property
    def effective_quorum(self) -> int:
        return self.quorum if self.quorum is not None else settings.MEETING_QUORUM


class Paper(Document):
    """A meeting paper, kept in private storage and served only to people with access."""

    class Confidentiality(models.TextChoices):
        CHATHAM_HOUSE = "chatham_house", "Chatham House Rule"
        MEMBERS_ONLY = "members_only", "Members only: do not share"
        DRAFT = "draft", "Draft: not for circulation"
        OPEN = "open", "May be shared"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to="papers/%Y/",
        storage=private_storage,
        max_length=300,
        validators=[
            DocumentValidator(
                accept=OFFICE_FORMATS,
                max_bytes_setting="PAPER_MAX_BYTES",
                too_big="The file is {size}; papers can be up to {limit}.",
                wrong_format=(
                    "Upload a PDF, Word (DOCX), OpenDocument (ODT, ODS, ODP), Excel (XLSX) or "
                    "PowerPoint (PPTX) file."
                ),
            )
        ],
        help_text="PDF, Word, OpenDocument, Excel or PowerPoint; up to 20 MB. Uploading a new file replaces the version members see.",
    )
    confidentiality = models.CharField(
        max_length=20, choices=Confidentiality.choices, default=Confidentiality.CHATHAM_HOUSE
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    replaced_at = models.DateTimeField(null=True, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_download_url(self):
        return cached_reverse("expert_group:paper-download", args=[self.pk])

    @property
    def download_name(self) -> str:
        """Named after the paper and its version, whatever the uploaded file was called."""
        return document_download_name(
            f"{slugify(self.title) or 'paper'}-v{self.version}.bin", self.file_format
        )


class PaperView(models.Model):
    """When a person last opened a paper, and which version, for "updated since you opened it"."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "user"], name="paperview_one_per_user")
        ]

    def __str__(self):
        return f"{self.user} opened {self.paper} (version {self.version})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", null=True, blank=True)
    papers = models.ManyToManyField(Paper, blank=True, related_name="agenda_items")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Minutes(models.Model):
    """A meeting's minutes: members see them once approved; a draft is for staff only."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        CIRCULATED = "circulated", "Circulated"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    circulated_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes: {self.meeting.title}"

    def save(self, *args, **kwargs):
        self.body = sanitise_html(self.body)
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Action(models.Model):
    """An action agreed at a meeting; open actions carry over to every later meeting."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    raised_at = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name="raised at"
    )
    text = models.TextField("action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_actions",
    )
    due_on = models.DateField("due", null=True, blank=True)
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.text[:80]


class Rsvp(models.Model):
    class Response(models.TextChoices):
        ATTENDING = "attending", "Attending"
        APOLOGIES = "apologies", "Sending apologies"
        MAYBE = "maybe", "Maybe"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    response = models.CharField(max_length=10, choices=Response.choices)
    access_needs = models.TextField(
        blank=True, help_text="Seen only by staff, to arrange what you need."
    )
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "RSVP"
        verbose_name_plural = "RSVPs"
        ordering = ["meeting", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_one_per_user")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_response_display()}"


class CalendarFeed(models.Model):
    """A member's secret calendar subscription address; a new token revokes the old one.

    Only a hash of the token is stored: the address is shown once, when it is made.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user}"


class ReminderSent(models.Model):
    """One reminder to one person for one meeting: the periodic job never sends it twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    # A meeting moved to another time earns a fresh reminder.
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "starts_at"], name="reminder_once_per_start"
            )
        ]

    def __str__(self):
        return f"Reminder to {self.user} for {self.meeting}"
