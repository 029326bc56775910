from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models.functions import Lower


def private_storage():
    return storages["private"]


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

    email = models.EmailField(unique=True, help_text="The address the invitation goes to.")
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

    def is_usable(self, now) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > now
            and self.membership.status == Membership.Status.INVITED
        )
