from django.db import migrations

from publishing.search_sql import search_operations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = search_operations("campaigns_campaign")
