"""Sessions were stored under the cookie's own key, and allauth's session list kept it too.
Those rows are usable from a dump, so they go: everyone signs in once more, and the new store
keeps only keyed hashes. (Old cache entries are never read again and expire on their own.)"""

from django.db import migrations


def forget_raw_keys(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.all().delete()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'usersessions'")


class Migration(migrations.Migration):
    dependencies = [("signins", "0001_initial"), ("sessions", "0001_initial")]

    operations = [
        migrations.RunPython(forget_raw_keys, migrations.RunPython.noop),
        migrations.RunSQL("DROP TABLE IF EXISTS usersessions_usersession", migrations.RunSQL.noop),
    ]
