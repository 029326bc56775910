from django.db import migrations

from publishing.search_sql import search_operations


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = search_operations("publications_publication")
