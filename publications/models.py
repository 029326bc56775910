from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse

from documents.models import Document
from documents.sniffing import ALL_FORMATS
from documents.storage import public_storage
from documents.validators import DocumentValidator
from publishing.models import Publishable, Topic
from publishing.richtext import rich_text_field


class Series(models.Model):
    """Publications that belong together and are read in order, e.g. "Responding Restoratively"."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:series", kwargs={"slug": self.slug})


class Publication(Publishable):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", "Briefing"
        CONSULTATION_RESPONSE = "consultation-response", "Consultation response"
        REPORT = "report", "Report"
        RESEARCH = "research", "Research"
        EVIDENCE = "evidence", "Evidence to Parliament"
        GUIDE = "guide", "Guide"

    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.BRIEFING)
    summary = models.TextField(help_text="One or two sentences: shown in lists, feeds and search.")
    body = rich_text_field(blank=True, help_text="The publication itself, as a web page.")
    published_on = models.DateField("publication date", db_index=True)
    authors = models.CharField(
        max_length=300, blank=True, help_text='As it should be cited, e.g. "Jo Bloggs and Sam Lee".'
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="publications")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="publications"
    )
    series_part = models.PositiveSmallIntegerField(
        "part", null=True, blank=True, help_text="Its place in the series: 1, 2, 3…"
    )
    consultation_name = models.CharField(max_length=300, blank=True)
    consultation_department = models.CharField(
        max_length=200, blank=True, help_text="e.g. Ministry of Justice"
    )
    consultation_closes = models.DateField("consultation closing date", null=True, blank=True)
    consultation_url = models.URLField("consultation link", max_length=500, blank=True)
    government_response_url = models.URLField(
        "government response link",
        max_length=500,
        blank=True,
        help_text="Add when the government publishes its response.",
    )
    government_response_date = models.DateField(null=True, blank=True)
    # Kept up to date by a database trigger on PostgreSQL (see migrations); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Loaded as demo content."
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="publication_public_idx"),
            models.Index(fields=["-published_on", "-id"], name="publication_newest_idx"),
        ]

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"slug": self.slug})

    @property
    def author_names(self) -> list[str]:
        """The authors one by one: "Jo Bloggs and Sam Lee" or "A, B and C" gives each name."""
        return [
            name.strip() for name in self.authors.replace(" and ", ",").split(",") if name.strip()
        ]

    @property
    def is_consultation_response(self) -> bool:
        return self.kind == self.Kind.CONSULTATION_RESPONSE


class Attachment(Document):
    """A public document of a publication: the PDF of a report, a data table…"""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(max_length=200, help_text='e.g. "Full report" or "Summary".')
    file = models.FileField(
        upload_to="publications/%Y/",
        storage=public_storage,
        validators=[
            DocumentValidator(
                accept=ALL_FORMATS,
                max_bytes_setting="ATTACHMENT_MAX_BYTES",
                too_big="This file is {size}; the largest allowed is {limit}.",
                wrong_format=(
                    "This file is not a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or "
                    "plain text document."
                ),
            )
        ],
    )
    order = models.PositiveSmallIntegerField("position", default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "publications:attachment",
            kwargs={"slug": self.publication.slug, "pk": self.pk},
        )

    def get_download_url(self):
        return self.get_absolute_url()

    def clean(self):
        # The format, size and stored name's extension come from the file itself.
        if self.file and not self.file._committed:
            self.describe_file()
