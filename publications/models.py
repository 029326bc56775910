from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models

from documents.models import Document
from documents.sniffing import ALL_FORMATS, pdf_tagged
from documents.storage import public_storage
from documents.validators import DocumentValidator
from publishing.models import PUBLISHABLE_PERMISSIONS, Publishable, ReviewRule, Topic
from publishing.richtext import rich_text_field
from sitewide.reversing import cached_reverse


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
        return cached_reverse("publications:series", kwargs={"slug": self.slug})


class Publication(Publishable):
    review_default = ReviewRule.ALWAYS
    revised_rows = ("attachments",)

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
        default_permissions = PUBLISHABLE_PERMISSIONS
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="publication_public_idx"),
            models.Index(fields=["-published_on", "-id"], name="publication_newest_idx"),
        ]

    def get_absolute_url(self):
        return cached_reverse("publications:detail", kwargs={"slug": self.slug})

    @property
    def author_names(self) -> list[str]:
        """The authors one by one: "Jo Bloggs and Sam Lee" or "A, B and C" gives each name."""
        return [
            name.strip() for name in self.authors.replace(" and ", ",").split(",") if name.strip()
        ]

    @property
    def is_consultation_response(self) -> bool:
        return self.kind == self.Kind.CONSULTATION_RESPONSE


class AlternativeFormat(models.TextChoices):
    """Versions of a document made for people who cannot use the original."""

    EASY_READ = "easy-read", "Easy Read"
    LARGE_PRINT = "large-print", "Large print"
    AUDIO = "audio", "Audio"
    BSL = "bsl", "British Sign Language (BSL) video"
    WELSH = "welsh", "Welsh (Cymraeg)"
    BRAILLE = "braille", "Braille-ready file"
    OTHER = "other", "Another format"


class Accessibility(models.TextChoices):
    ACCESSIBLE = "accessible", "Accessible: tagged PDF, or a format assistive technology reads"
    LIMITED = "limited", "May not suit assistive technology"
    UNCHECKED = "unchecked", "Not yet checked"


class Attachment(Document):
    """A public document of a publication: the PDF of a report, a data table… or an alternative
    format of one (Easy Read, audio…), listed beside it."""

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
                    "This file is not a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, plain "
                    "text or Braille-ready document, MP3 or M4A audio, or MP4 video."
                ),
            )
        ],
    )
    order = models.PositiveSmallIntegerField("position", default=0)
    accessibility = models.CharField(
        max_length=20,
        choices=Accessibility.choices,
        default=Accessibility.UNCHECKED,
        help_text=(
            "Left at “Not yet checked”, a PDF is marked from whether it is tagged when uploaded: "
            "check it, and correct it if need be."
        ),
    )
    alternative_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alternatives",
        verbose_name="alternative format of",
        help_text="For an alternative format: the document (already saved) it is a version of.",
    )
    alternative_format = models.CharField(
        max_length=20, choices=AlternativeFormat.choices, blank=True
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse(
            "publications:attachment",
            kwargs={"slug": self.publication.slug, "pk": self.pk},
        )

    def get_download_url(self):
        return self.get_absolute_url()

    @property
    def accessibility_label(self) -> str:
        """What the download link says of it: "accessible (tagged PDF)"."""
        if self.accessibility == Accessibility.ACCESSIBLE:
            return "accessible (tagged PDF)" if self.file_format == "pdf" else "accessible"
        if self.accessibility == Accessibility.LIMITED:
            return "may not suit assistive technology"
        return "accessibility not yet checked"

    def clean(self):
        # The format, size and stored name's extension come from the file itself.
        if self.file and not self.file._committed:
            self.describe_file()
            if self.file_format == "pdf" and self.accessibility == Accessibility.UNCHECKED:
                self.accessibility = accessibility_of_pdf(self.file.file)
        if bool(self.alternative_of_id) != bool(self.alternative_format):
            raise ValidationError(
                "An alternative format needs both the document it is a version of and its format."
            )
        if self.alternative_of_id and (
            self.alternative_of.publication_id != self.publication_id
            or self.alternative_of.alternative_of_id
            or self.alternative_of_id == self.pk
        ):
            raise ValidationError(
                {"alternative_of": "Choose an original document of this publication."}
            )


def accessibility_of_pdf(file) -> str:
    """What a PDF's tags say of it; "not yet checked" when a bounded look cannot tell."""
    tagged = pdf_tagged(file)
    if tagged is None:
        return Accessibility.UNCHECKED
    return Accessibility.ACCESSIBLE if tagged else Accessibility.LIMITED
