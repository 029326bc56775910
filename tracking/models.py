"""What a campaign watches in Parliament and government, what each poll saw, and the timeline
events it proposes to staff. Nothing here is public until staff publish an event, which
becomes a campaign Milestone."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from campaigns.models import Campaign, Milestone


class TrackedItem(models.Model):
    class Kind(models.TextChoices):
        BILL = "bill", "UK Parliament bill"
        WRITTEN_QUESTIONS = "written-questions", "Written parliamentary questions"
        PETITION = "petition", "Parliament petition"
        CONSULTATION = "consultation", "GOV.UK consultation"
        COMMITTEE_REPORT = "committee-report", "Select committee report (not polled)"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tracked_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(
        max_length=200,
        blank=True,
        help_text="A name staff recognise; filled from the source on the first poll if empty.",
    )
    identifier = models.CharField(
        max_length=500,
        blank=True,
        help_text="Bill: its number in the Bills API (bills.parliament.uk/bills/2839 → 2839). "
        "Petition: its number (petition.parliament.uk/petitions/300000 → 300000). "
        "Consultation: its GOV.UK address (/government/consultations/…). "
        "Written questions: the words to search for.",
    )
    terms = models.CharField(
        "amendment search words",
        max_length=200,
        blank=True,
        help_text="Bill only: amendments whose text mentions any of these words (comma-separated), "
        'e.g. "restorative". Empty: stages only.',
    )
    answering_body_id = models.PositiveIntegerField(
        "answering body",
        null=True,
        blank=True,
        help_text="Written questions only: the answering body's number in the Questions API "
        "(e.g. 54 for the Ministry of Justice).",
    )
    # Deadlines: when the government owes a response, and whether it has given one.
    report_published_on = models.DateField(
        null=True,
        blank=True,
        help_text="Select committee report: when it was published (the response is due two "
        "months later).",
    )
    response_due_on = models.DateField(
        "government response due by",
        null=True,
        blank=True,
        help_text="Set from the source where it can be (12 weeks after a consultation closes).",
    )
    response_published_on = models.DateField(
        "government response published on", null=True, blank=True
    )
    show_deadline = models.BooleanField(
        "show the deadline on the campaign page",
        default=True,
        help_text='"Government response due by …" under the campaign\'s timeline.',
    )
    overdue_confirmed = models.BooleanField(
        "overdue confirmed by staff",
        default=False,
        help_text='Show "overdue by N days" on the campaign page once the due date has passed.',
    )
    overdue_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Poll state. Conditional requests use the validators of the item's main address.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_poll_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    failures = models.PositiveIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_snapshot = models.ForeignKey(
        "Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign__title", "kind", "label"]

    def __str__(self):
        return self.label or f"{self.get_kind_display()} {self.identifier}".strip()

    @property
    def is_polled(self) -> bool:
        return self.kind != self.Kind.COMMITTEE_REPORT

    @property
    def is_parliament(self) -> bool:
        return self.kind in (self.Kind.BILL, self.Kind.WRITTEN_QUESTIONS, self.Kind.PETITION)

    def clean(self):
        self.identifier = self.identifier.strip()
        errors = {}
        if self.kind in (self.Kind.BILL, self.Kind.PETITION):
            found = re.search(r"(\d+)/?(?:\.json)?$", self.identifier.split("?")[0])
            if found is None or len(found.group(1)) > 9:
                errors["identifier"] = "Give the number (or the address ending in its number)."
            else:
                self.identifier = found.group(1)
        elif self.kind == self.Kind.CONSULTATION:
            path = re.sub(r"^https?://(www\.)?gov\.uk", "", self.identifier).split("?")[0]
            if not re.fullmatch(r"/[a-z0-9][a-z0-9/_-]{1,400}", path):
                errors["identifier"] = (
                    "Give the consultation's GOV.UK address, e.g. "
                    "https://www.gov.uk/government/consultations/…"
                )
            else:
                self.identifier = path.rstrip("/")
        elif self.kind == self.Kind.WRITTEN_QUESTIONS:
            if not self.identifier and self.answering_body_id is None:
                errors["identifier"] = "Give words to search for, an answering body, or both."
        elif self.kind == self.Kind.COMMITTEE_REPORT and not self.report_published_on:
            errors["report_published_on"] = "Give the date the committee published its report."
        if "\x00" in self.identifier + self.terms + self.label:
            errors["identifier"] = "Remove the unprintable characters."
        if errors:
            raise ValidationError(errors)

    @property
    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class Snapshot(models.Model):
    """What a source said, normalised, the last time it changed."""

    item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="snapshots")
    data = models.JSONField()
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        get_latest_by = "fetched_at"

    def __str__(self):
        return f"{self.item} at {self.fetched_at:%Y-%m-%d %H:%M}"


class ProposedEvent(models.Model):
    """A change a poll noticed, waiting for staff to publish it to the timeline or dismiss it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"

    item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="events")
    # Stable across polls ("stage-15134", "amendment-98765-tabled"): a change is proposed once.
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Milestone.Kind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    date = models.DateField()
    url = models.URLField("link", max_length=500, blank=True)
    link_text = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    milestone = models.OneToOneField(
        Milestone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_event",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="proposed_event_once_per_item")
        ]

    def __str__(self):
        return self.title
