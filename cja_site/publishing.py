"""The publishing machinery shared by pages, campaigns and publications.

An item is public when its status is "published" and its `publish_at` (if any) has passed, so a
scheduled item appears on time without any cron job: every public query filters on it.
"""

import nh3
from django.db import models
from django.utils import timezone

# What staff may put in rich text: the prose editor's output, nothing that runs or restyles.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "a", "ul", "ol", "li",
    "blockquote", "hr", "sub", "sup", "abbr", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


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
    slug = models.SlugField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Leave empty to publish at once; a future time keeps the item hidden until then.",
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="When staff should check this is still accurate."
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
    def meta_title(self) -> str:
        return self.seo_title or self.title
