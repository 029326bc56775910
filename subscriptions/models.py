"""Email updates: people who follow a campaign, a topic or every new publication by email.

An address is only ever emailed updates after its owner clicked the confirmation link we sent
it (double opt-in); each subscription keeps the record of that consent. The links in our emails
are signed (Django's signing, keyed by SECRET_KEY): the database holds no usable link.
"""

import secrets

from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, Milestone
from publications.models import Publication
from publishing.models import Topic


def new_link_key() -> str:
    return secrets.token_urlsafe(12)


def masked(address: str) -> str:
    """ "a•••@example.org": enough for staff to tell rows apart, not a list to copy."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


class Subscriber(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Not yet confirmed"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed from everything"
        BOUNCED = "bounced", "Hard bounce: never emailed again"

    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    # Part of every signed link for this address: a new key voids the links sent before.
    link_key = models.CharField(max_length=32, default=new_link_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return masked(self.email)

    @property
    def masked_email(self) -> str:
        return masked(self.email)

    @property
    def may_receive_updates(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Subscription(models.Model):
    """One thing one address follows, with the record of the consent to it."""

    class Target(models.TextChoices):
        CAMPAIGN = "campaign", "A campaign"
        TOPIC = "topic", "A topic"
        PUBLICATIONS = "publications", "Every new publication"

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As it happens"
        WEEKLY = "weekly", "Weekly digest"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    target = models.CharField(max_length=12, choices=Target.choices)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    # The consent record: what was asked for, when, from which page, and how it was confirmed.
    consent_text = models.CharField(
        "what they agreed to", max_length=300, help_text="The wording of the request, as shown."
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_on = models.CharField(
        "requested on page", max_length=300, blank=True, help_text="The page's address."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_how = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "campaign"],
                condition=Q(target="campaign"),
                name="subscription_one_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "topic"],
                condition=Q(target="topic"),
                name="subscription_one_per_topic",
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=Q(target="publications"),
                name="subscription_one_for_publications",
            ),
            models.CheckConstraint(
                condition=(
                    Q(target="campaign", campaign__isnull=False, topic__isnull=True)
                    | Q(target="topic", topic__isnull=False, campaign__isnull=True)
                    | Q(target="publications", campaign__isnull=True, topic__isnull=True)
                ),
                name="subscription_target_matches",
            ),
        ]

    def __str__(self):
        return self.target_label

    @property
    def target_label(self) -> str:
        if self.target == self.Target.CAMPAIGN:
            return f"the campaign “{self.campaign.title}”"
        if self.target == self.Target.TOPIC:
            return f"the topic “{self.topic.name}”"
        return "every new publication"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Announcement(models.Model):
    """A public item followers have been (or are being) told about: each item once.

    A baseline announcement records an item without emailing anyone: items already public when
    email updates began, and items staff made public long after their date (an archive).
    """

    publication = models.OneToOneField(
        Publication, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    milestone = models.OneToOneField(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    baseline = models.BooleanField(
        default=False, help_text="Recorded without emailing anyone (see the model's notes)."
    )
    emails_started_at = models.DateTimeField(null=True, blank=True)
    emails_queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When every immediate follower's email was queued."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(publication__isnull=False, milestone__isnull=True)
                | Q(publication__isnull=True, milestone__isnull=False),
                name="announcement_one_item",
            )
        ]

    def __str__(self):
        item = self.publication or self.milestone
        return str(item) if item else "(item deleted)"
