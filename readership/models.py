"""Counts only: how often each address was read, per day (or per month, once old), per source.

No row holds anything about a reader; the nightly rollup writes these from Redis's counters.
"""

from django.db import models

from .sources import HOST_MAX_LENGTH, SOURCE_LABELS


class Period(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"


class ReadCount(models.Model):
    """Reads of one address from one source over one day (or one month)."""

    period = models.CharField(max_length=5, choices=Period.choices, default=Period.DAY)
    day = models.DateField(help_text="The day, or the first day of the month.")
    path = models.CharField(max_length=300)
    source = models.CharField(max_length=10, choices=list(SOURCE_LABELS.items()))
    referrer_host = models.CharField(max_length=HOST_MAX_LENGTH, blank=True)
    email_about = models.CharField(
        max_length=200,
        blank=True,
        help_text='For clicks in update emails: what the email was about ("campaign:12,topic:3"), '
        "the same for everyone it went to.",
    )
    views = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)
    feed_fetches = models.PositiveIntegerField(default=0)
    api_calls = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "readership"
        verbose_name_plural = "readership"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "day", "path", "source", "referrer_host", "email_about"],
                name="readership_one_count_per_source",
            )
        ]
        indexes = [models.Index(fields=["day", "path"])]

    def __str__(self):
        return f"{self.path} on {self.day}"


class VisitorEstimate(models.Model):
    """The day's estimated number of different visitors to one address (HyperLogLog, about
    1 % off); the empty path is the whole site, "campaign:12" or "topic:3" a campaign's or a
    topic's addresses together. A month's row sums its days' estimates."""

    period = models.CharField(max_length=5, choices=Period.choices, default=Period.DAY)
    day = models.DateField()
    path = models.CharField(max_length=300, blank=True)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "day", "path"], name="readership_one_estimate_per_path"
            )
        ]

    def __str__(self):
        return f"{self.path or 'the site'} on {self.day}"
