"""The publishing machinery shared by pages, campaigns and publications, and what they share.

An item is public when its status is "published" and its `publish_at` (if any) has passed, so a
scheduled item appears on time without any cron job: every public query filters on it.
"""

from django.apps import apps
from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, and not scheduled for later."""
        return self.filter(status=Status.PUBLISHED).filter(
            models.Q(publish_at__isnull=True) | models.Q(publish_at__lte=timezone.now())
        )


class Publishable(models.Model):
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

    @property
    def is_public(self) -> bool:
        if self.status != Status.PUBLISHED:
            return False
        return self.publish_at is None or self.publish_at <= timezone.now()

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
    """A permanent redirect left behind when a published item's address changes."""

    old_path = models.CharField(
        max_length=300,
        unique=True,
        help_text="The address that moved, e.g. /campaigns/old-name/. Visitors to it are sent on.",
    )
    new_path = models.CharField(max_length=300, help_text="Where visitors are sent instead.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cja_site_redirect"
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
