"""Topic and Redirect move here from cja_site: their tables stay as they are (db_table), and
their content types follow, so the permissions staff hold on them and the admin's history
keep pointing at them."""

from django.db import migrations, models

MOVED_MODELS = ["topic", "redirect"]


def _content_types_move(apps, *, from_app: str, to_app: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        old = ContentType.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue  # a new database: content types are made after migrating
        # One made for the new label in the meantime holds nothing worth keeping.
        ContentType.objects.filter(app_label=to_app, model=model).delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])


def content_types_to_publishing(apps, schema_editor):
    _content_types_move(apps, from_app="cja_site", to_app="publishing")


def content_types_to_cja_site(apps, schema_editor):
    _content_types_move(apps, from_app="publishing", to_app="cja_site")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cja_site", "0004_admin_help_texts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Redirect",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "old_path",
                            models.CharField(
                                help_text="The address that moved, e.g. /campaigns/old-name/. "
                                "Visitors to it are sent on.",
                                max_length=300,
                                unique=True,
                            ),
                        ),
                        (
                            "new_path",
                            models.CharField(
                                help_text="Where visitors are sent instead.", max_length=300
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "cja_site_redirect",
                        "ordering": ["old_path"],
                    },
                ),
                migrations.CreateModel(
                    name="Topic",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True)),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Used in the addresses of lists filtered by this topic; "
                                "changing it breaks links to them.",
                                max_length=100,
                                unique=True,
                            ),
                        ),
                        ("description", models.TextField(blank=True)),
                    ],
                    options={
                        "db_table": "cja_site_topic",
                        "ordering": ["name"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_publishing, content_types_to_cja_site),
    ]
