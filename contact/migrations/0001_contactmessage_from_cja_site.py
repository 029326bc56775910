# ContactMessage moved here from cja_site. Its table stays as it is (db_table); the model's
# state moves, and so does its content type, so that staff permissions and admin history
# still point at it.

import django.utils.timezone
from django.db import migrations, models


def content_type_move(apps, schema_editor, *, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    if types.filter(app_label=new, model="contactmessage").exists():
        return
    types.filter(app_label=old, model="contactmessage").update(app_label=new)


def forwards(apps, schema_editor):
    content_type_move(apps, schema_editor, old="cja_site", new="contact")


def backwards(apps, schema_editor):
    content_type_move(apps, schema_editor, old="contact", new="cja_site")


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
                    name="ContactMessage",
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
                        ("name", models.CharField(max_length=150)),
                        ("email", models.EmailField(max_length=254)),
                        (
                            "subject",
                            models.CharField(
                                choices=[
                                    ("general", "General enquiry"),
                                    ("press", "Press and media"),
                                    ("expert-group", "Joining the Restorative Expert Group"),
                                    ("restorative-justice", "Finding restorative justice"),
                                    ("other", "Something else"),
                                ],
                                default="general",
                                max_length=30,
                            ),
                        ),
                        ("message", models.TextField(max_length=5000)),
                        (
                            "contact_preference",
                            models.CharField(
                                choices=[
                                    ("email", "Email is fine"),
                                    (
                                        "email-no-details",
                                        "Email, but do not mention details of my message",
                                    ),
                                    ("none", "Please do not reply"),
                                ],
                                default="email",
                                max_length=20,
                                verbose_name="how may we contact you safely?",
                            ),
                        ),
                        (
                            "received_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now
                            ),
                        ),
                        ("handled_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "form_nonce",
                            models.CharField(
                                editable=False,
                                help_text="The nonce of the form that sent it: each form sends "
                                "one message only.",
                                max_length=64,
                                null=True,
                                unique=True,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cja_site_contactmessage",
                        "ordering": ["-received_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
