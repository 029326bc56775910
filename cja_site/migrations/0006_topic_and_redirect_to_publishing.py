"""Topic and Redirect now belong to the publishing app, which keeps their tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cja_site", "0005_contactmessage_to_contact"),
        ("publishing", "0001_topic_and_redirect_from_cja_site"),
        # Nothing may point at cja_site's Topic any more.
        ("campaigns", "0004_topics_from_publishing"),
        ("publications", "0006_topics_from_publishing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Redirect"),
                migrations.DeleteModel(name="Topic"),
            ],
            database_operations=[],
        ),
    ]
