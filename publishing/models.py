"""The publishing machinery shared by pages, campaigns and publications, and what they share.

An item is public when its status is "published", its `publish_at` (if any) has passed and its
`take_down_at` (if any) has not, so a scheduled item appears, and a scheduled take-down goes, on
time without any cron job: every public query filters on both.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

# Every publishable kind has a permission to publish, apart from changing: "publish_<model>".
PUBLISHABLE_PERMISSIONS = ("add", "change", "delete", "view", "publish")


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, not scheduled for later, not yet taken down."""
        now = timezone.now()
        return self.filter(
            models.Q(publish_at__isnull=True) | models.Q(publish_at__lte=now),
            models.Q(take_down_at__isnull=True) | models.Q(take_down_at__gt=now),
            status=Status.PUBLISHED,
        )


class ReviewRule(models.TextChoices):
    ALWAYS = "always", "Always: an approver other than the editor publishes"
    EXIT_PAGE = "exit-page", "Only for items that carry “Exit this page”"
    NEVER = "never", "Never: staff who may publish can publish their own changes"


class Publishable(models.Model):
    # Whether changes need a second pair of eyes, until staff choose otherwise (ReviewPolicy).
    review_default = ReviewRule.NEVER
    # Inline rows (reverse relations) that are part of the item's revisions, like its fields.
    revised_rows: tuple[str, ...] = ()

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Part of the page's address. Changing it leaves a redirect from the old address.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are seen by staff only, with a preview banner. Published items are "
        "public (from the publish-at time, if one is set) and appear in lists, search and feeds.",
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Leave empty to publish at once; a future time keeps the item hidden until then.",
    )
    take_down_at = models.DateTimeField(
        "take down at",
        null=True,
        blank=True,
        help_text="Leave empty to keep it up; from this time the item leaves the site, lists, "
        "search, feeds, the sitemap and the API, and staff can still see it.",
    )
    review_by = models.DateField(
        null=True,
        blank=True,
        help_text="When staff should check this is still accurate. After this date it is listed "
        "under “Needs attention” on the admin home.",
    )
    seo_title = models.CharField(
        "SEO title",
        max_length=70,
        blank=True,
        help_text="Shown in search results; defaults to the title.",
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=200,
        blank=True,
        help_text="Shown in search results and when shared.",
    )
    social_image = models.ImageField(upload_to="social/", blank=True)
    social_image_alt = models.CharField("social image alt text", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.publish_at and self.take_down_at and self.take_down_at <= self.publish_at:
            raise ValidationError(
                {"take_down_at": "Choose a time after “Publish at”, or leave it empty."}
            )

    @property
    def is_public(self) -> bool:
        if self.status != Status.PUBLISHED:
            return False
        now = timezone.now()
        if self.take_down_at is not None and self.take_down_at <= now:
            return False
        return self.publish_at is None or self.publish_at <= now

    @property
    def is_taken_down(self) -> bool:
        """Published, but its take-down time has passed."""
        return (
            self.status == Status.PUBLISHED
            and self.take_down_at is not None
            and self.take_down_at <= timezone.now()
        )

    @property
    def public_since(self):
        """When visitors could first see it: its publish-at time, else when it was made (with
        no publish-at it went public as soon as it was published). Never later than now."""
        return min(self.publish_at or self.created_at, timezone.now())

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title


def publishable_models() -> list[type[Publishable]]:
    """Every concrete model built on Publishable, whichever app declares it."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


class Topic(models.Model):
    """A subject shared by campaigns and publications: prisons, victims, youth justice…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in the addresses of lists filtered by this topic; changing it breaks "
        "links to them.",
    )
    description = models.TextField(blank=True)

    class Meta:
        # The table it had when topics belonged to the site app: moved without copying.
        db_table = "cja_site_topic"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Redirect(models.Model):
    """A permanent redirect left behind when a published item's address changes.

    It knows the item it leads to, and sends visitors on only while that item is public: a
    renamed draft's new address is never revealed.
    """

    old_path = models.CharField(
        max_length=300,
        unique=True,
        help_text="The address that moved, e.g. /campaigns/old-name/. Visitors to it are sent on.",
    )
    new_path = models.CharField(max_length=300, help_text="Where visitors are sent instead.")
    # The item at new_path; empty for a redirect made by hand (followed whatever lies there).
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, editable=False
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cja_site_redirect"
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


# ------------------------------------------------------------------------------
# Editorial history: revisions, working copies, review and the audit trail
# ------------------------------------------------------------------------------
class Revision(models.Model):
    """One saved version of an item's content (its fields, many-to-many links and inline rows),
    kept for ever.

    A revision never changes the live item by itself: `revision_publish` copies one onto it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(encoder=DjangoJSONEncoder)
    changed = models.JSONField(
        default=list, help_text="The labels of the fields changed since the revision before."
    )
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision the editor started from.",
    )
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"Revision {self.pk}"


class WorkingCopy(models.Model):
    """The changes to an item not yet published: its newest draft revision, and where it is in
    review. One per item at most; gone once the changes are published or discarded."""

    class State(models.TextChoices):
        EDITING = "editing", "Draft"
        IN_REVIEW = "in-review", "Waiting for review"
        SENT_BACK = "sent-back", "Sent back to the editor"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField("item", max_length=200)
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.EDITING)
    of_live_item = models.BooleanField(
        default=False, help_text="The item is published: these are changes to a live page."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The approver's comment when sent back.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "change waiting to be published"
        verbose_name_plural = "changes waiting to be published"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_working_copy")
        ]

    def __str__(self):
        return f"Changes to {self.object_repr}"


class ReviewPolicy(models.Model):
    """Per kind of content: do changes need an approver other than the person who made them?"""

    content_type = models.OneToOneField(ContentType, on_delete=models.CASCADE, verbose_name="kind")
    rule = models.CharField(
        "review required", max_length=10, choices=ReviewRule.choices, default=ReviewRule.ALWAYS
    )

    class Meta:
        verbose_name = "review rule"
        verbose_name_plural = "review rules"
        ordering = ["content_type__model"]

    def __str__(self):
        if self.content_type_id is None:
            return "Review rule"
        return str(self.content_type.model_class()._meta.verbose_name_plural).capitalize()


class AuditEntry(models.Model):
    """Who did what to an item, and when: kept in the database, shown per item and site-wide."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "Published"
        APPROVED = "approved", "Approved and published"
        UNPUBLISHED = "unpublished", "Unpublished"
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent-back", "Sent back"
        RESTORED = "restored", "Restored an earlier revision as a draft"
        RENAMED = "renamed", "Renamed (new address)"
        DISCARDED = "discarded", "Discarded draft changes"
        DELETED = "deleted", "Deleted"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField("item", max_length=200)
    action = models.CharField(max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.TextField(blank=True, help_text="A comment, or the reason given.")

    class Meta:
        verbose_name = "audit trail entry"
        verbose_name_plural = "audit trail"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"


class ReviewLink(models.Model):
    """A read-only link that shows one item, draft or not, to someone outside without an account
    (a partner charity, a lawyer): until it expires or staff revoke it, every view recorded.

    Only a hash of its secret is kept; the secret itself is shown once, when the link is made.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    shared_with = models.CharField(
        max_length=200, help_text="Who the link is for, e.g. “Legal adviser, Smith & Co”."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="review_link_item_idx")]

    def __str__(self):
        return f"Review link for {self.shared_with}"

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"


class ReviewLinkView(models.Model):
    """One opening of a review link: when (nothing about who, beyond holding the link)."""

    link = models.ForeignKey(ReviewLink, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-id"]

    def __str__(self):
        return f"{self.link} opened at {self.viewed_at:%Y-%m-%d %H:%M}"
