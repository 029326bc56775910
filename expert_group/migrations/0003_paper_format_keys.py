"""Papers record their format with the same keys as public attachments ("pdf", "docx", …)."""

from django.db import migrations

KEYS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp"]


def to_keys(apps, schema_editor):
    Paper = apps.get_model("expert_group", "Paper")
    for key in KEYS:
        Paper.objects.filter(file_format=key.upper()).update(file_format=key)


def to_labels(apps, schema_editor):
    Paper = apps.get_model("expert_group", "Paper")
    for key in KEYS:
        Paper.objects.filter(file_format=key).update(file_format=key.upper())


class Migration(migrations.Migration):
    dependencies = [
        ("expert_group", "0002_invitations_and_meetings"),
    ]

    operations = [migrations.RunPython(to_keys, to_labels)]
