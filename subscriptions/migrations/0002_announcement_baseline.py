"""Everything already public when email updates begin counts as announced, so deploying this
emails no one about old news."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def record_baseline(apps, schema_editor):
    Announcement = apps.get_model("subscriptions", "Announcement")
    Publication = apps.get_model("publications", "Publication")
    Campaign = apps.get_model("campaigns", "Campaign")
    Milestone = apps.get_model("campaigns", "Milestone")
    public = Q(status="published") & (Q(publish_at__isnull=True) | Q(publish_at__lte=timezone.now()))
    publications = Publication.objects.filter(public).values_list("pk", flat=True)
    milestones = Milestone.objects.filter(
        campaign__in=Campaign.objects.filter(public)
    ).values_list("pk", flat=True)
    Announcement.objects.bulk_create(
        [Announcement(publication_id=pk, baseline=True) for pk in publications]
        + [Announcement(milestone_id=pk, baseline=True) for pk in milestones],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
        ("publications", "0004_admin_help_texts"),
        ("campaigns", "0003_admin_help_texts"),
    ]

    operations = [migrations.RunPython(record_baseline, migrations.RunPython.noop)]
