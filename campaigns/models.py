from django.contrib.postgres.search import SearchVectorField
from django.db import models

from publications.models import Publication
from publishing.models import PUBLISHABLE_PERMISSIONS, Publishable, ReviewRule, Topic
from publishing.richtext import rich_text_field
from sitewide.reversing import cached_reverse


class Campaign(Publishable):
    review_default = ReviewRule.ALWAYS
    revised_rows = ("milestones",)

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        WON = "won", "Won"
        CLOSED = "closed", "Closed"

    state = models.CharField(
        "campaign status", max_length=10, choices=State.choices, default=State.ACTIVE
    )
    summary = models.TextField(help_text="One or two sentences: shown in lists, feeds and search.")
    body = rich_text_field(blank=True, help_text="What we want, and why.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="campaigns")
    hero_image = models.ImageField(upload_to="campaigns/", blank=True)
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it.",
    )
    hero_image_decorative = models.BooleanField(
        "the hero image is decorative",
        default=False,
        help_text="Tick only if the image adds nothing a reader would miss: it then needs no "
        "alt text, and screen readers skip it.",
    )
    call_to_action_text = models.CharField(
        max_length=100, blank=True, help_text='e.g. "Write to your MP".'
    )
    call_to_action_url = models.URLField("call to action link", max_length=500, blank=True)
    related_publications = models.ManyToManyField(
        Publication, blank=True, related_name="related_campaigns"
    )
    featured = models.BooleanField(default=False, help_text="Show on the home page.")
    # Kept up to date by a database trigger on PostgreSQL (see migrations); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Loaded as demo content."
    )

    class Meta:
        default_permissions = PUBLISHABLE_PERMISSIONS
        ordering = ["title"]

    def get_absolute_url(self):
        return cached_reverse("campaigns:detail", kwargs={"slug": self.slug})


class Milestone(models.Model):
    """A step in a campaign's story: an amendment tabled, a response received…"""

    class Kind(models.TextChoices):
        LAUNCHED = "launched", "Campaign launched"
        AMENDMENT_TABLED = "amendment-tabled", "Amendment tabled"
        RESPONSE_RECEIVED = "response-received", "Government response received"
        CONSULTATION_ANSWERED = "consultation-answered", "Consultation answered"
        MEETING = "meeting", "Meeting"
        PUBLICATION = "publication", "Publication"
        OUTCOME = "outcome", "Outcome"
        OTHER = "other", "Update"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField()
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    publication = models.ForeignKey(
        Publication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        help_text="Link to one of our publications…",
    )
    link_url = models.URLField(
        "external link", max_length=500, blank=True, help_text="…or to a document elsewhere."
    )
    link_text = models.CharField(
        max_length=150, blank=True, help_text='e.g. "Read the government\'s response".'
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return self.title
