"""Topics now belong to the publishing app; the link table and its rows stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0005_attachment_document_fields"),
        ("publishing", "0001_topic_and_redirect_from_cja_site"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="publication",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True, related_name="publications", to="publishing.topic"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
