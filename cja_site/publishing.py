"""The publishing machinery shared by pages, campaigns and publications.

An item is public when its status is "published" and its `publish_at` (if any) has passed, so a
scheduled item appears on time without any cron job: every public query filters on it.
"""

import nh3
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField

from .site_url import ViewOnSiteFromSiteURL

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
    def meta_title(self) -> str:
        return self.seo_title or self.title


# ------------------------------------------------------------------------------
# Rich text: the prose editor's toolbar matches what sanitise_html keeps.
# ------------------------------------------------------------------------------
PROSE_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "History": True,
    }
}


class RichTextField(ProseEditorField):
    """Edited with the prose editor, cleaned with nh3 on every save.

    The editor cleans what comes through a form; cleaning in pre_save covers every other write
    too (demo content, the shell, services), so templates may always mark the body safe.
    """

    def pre_save(self, model_instance, add):
        value = sanitise_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def rich_text_field(**kwargs):
    return RichTextField(config=PROSE_EDITOR_CONFIG, sanitize=sanitise_html, **kwargs)


# ------------------------------------------------------------------------------
# Public detail pages and staff previews
# ------------------------------------------------------------------------------
def publishable_get_for_request(request, *, queryset: models.QuerySet, **lookup):
    """The item a visitor asked for: public, or a preview of a draft for staff with MFA who may
    view this kind of item in the admin.

    Raises Http404 for anyone else, so a draft's URL gives nothing away; staff without MFA are
    sent to set it up (StaffMFARequired).
    """
    from django.http import Http404

    from .staff import staff_may_preview

    item = queryset.filter(**lookup).first()
    if item is None:
        raise Http404("Not found")
    if not item.is_public and not staff_may_preview(request.user, queryset.model):
        raise Http404("Not found")
    return item


def publishable_render(request, template: str, context: dict, *, item):
    """Render a detail page; a preview carries a banner and is never indexed or cached."""
    from django.shortcuts import render
    from django.utils.cache import add_never_cache_headers, patch_cache_control

    preview = not item.is_public
    response = render(request, template, {**context, "preview": preview})
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


# ------------------------------------------------------------------------------
# Admin: status badges, review dates, publish/unpublish, redirects on slug change
# ------------------------------------------------------------------------------
class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Review overdue"), ("soon", "Review due within 30 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(review_by__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                review_by__gte=today, review_by__lte=today + timezone.timedelta(days=30)
            )
        return queryset


class DemoDataColumn:
    """A "Demo data" label in the list for rows loaded as demo content."""

    @admin.display(description="demo data", ordering="is_demo")
    def demo_badge(self, obj):
        from django.utils.html import format_html

        if not obj.is_demo:
            return ""
        return format_html('<span class="badge badge--demo">{}</span>', "Demo data")


class PublishableAdmin(ViewOnSiteFromSiteURL, DemoDataColumn, admin.ModelAdmin):
    """What every publishable model's admin shares. Subclass it and add your own fields."""

    actions = ["publish", "unpublish"]
    change_form_template = "admin/publishing/change_form.html"
    list_filter = ["status", ReviewDueFilter]
    prepopulated_fields = {"slug": ["title"]}
    publishing_fieldset = (
        "Publishing",
        {
            "fields": ["status", "publish_at", "review_by"],
            "description": "Drafts and items scheduled for later are visible to staff only, "
            "with a preview banner, at their real address.",
        },
    )
    seo_fieldset = (
        "Search engines and sharing",
        {
            "fields": ["seo_title", "seo_description", "social_image", "social_image_alt"],
            "classes": ["collapse"],
        },
    )

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        from django.utils.html import format_html

        if obj.status != Status.PUBLISHED:
            return format_html('<span class="badge badge--draft">{}</span>', "Draft")
        if not obj.is_public:
            when = timezone.localtime(obj.publish_at).strftime("%d %b %Y %H:%M")
            return format_html('<span class="badge badge--scheduled">Scheduled {}</span>', when)
        return format_html('<span class="badge badge--published">{}</span>', "Published")

    @admin.display(description="review by", ordering="review_by")
    def review_badge(self, obj):
        from django.utils.html import format_html

        if obj.review_by is None:
            return admin.site.empty_value_display
        date = obj.review_by.strftime("%d %b %Y")
        if obj.review_by < timezone.localdate():
            return format_html('<span class="badge badge--overdue">{} (overdue)</span>', date)
        return date

    @admin.action(description="Publish the selected items now", permissions=["change"])
    def publish(self, request, queryset):
        count = publishable_set_status(queryset=queryset, status=Status.PUBLISHED)
        self.message_user(request, f"Published {count} item(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected items (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = publishable_set_status(queryset=queryset, status=Status.DRAFT)
        self.message_user(request, f"Unpublished {count} item(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        old_path = None
        if change and "slug" in form.changed_data:
            previous = type(obj).objects.filter(pk=obj.pk).first()
            old_path = previous.get_absolute_url() if previous else None
        super().save_model(request, obj, form, change)
        if old_path and old_path != obj.get_absolute_url():
            from .services import redirect_record

            redirect_record(old_path=old_path, new_path=obj.get_absolute_url())


def publishable_set_status(*, queryset: models.QuerySet, status: str) -> int:
    """Publish now, or unpublish (back to draft), each of the items."""
    now = timezone.now()
    count = 0
    for item in queryset:
        item.status = status
        if status == Status.PUBLISHED and item.publish_at and item.publish_at > now:
            item.publish_at = None  # "publish now" overrides a schedule for later
        # save() rather than update(), so the page cache is invalidated.
        item.save(update_fields=["status", "publish_at", "updated_at"])
        count += 1
    return count
