# Attachments name their fields like every document (documents.models.Document), and the
# order staff give them like a meeting's papers and agenda items. Renamed: the data stays.

import documents.storage
import documents.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publications', '0004_admin_help_texts'),
    ]

    operations = [
        migrations.RenameField(
            model_name='attachment',
            old_name='file_type',
            new_name='file_format',
        ),
        migrations.RenameField(
            model_name='attachment',
            old_name='size',
            new_name='file_size',
        ),
        migrations.RenameField(
            model_name='attachment',
            old_name='position',
            new_name='order',
        ),
        migrations.AlterModelOptions(
            name='attachment',
            options={'ordering': ['order', 'id']},
        ),
        migrations.AlterField(
            model_name='attachment',
            name='file_format',
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='order',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='position'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='file',
            field=models.FileField(storage=documents.storage.public_storage, upload_to='publications/%Y/', validators=[documents.validators.DocumentValidator(accept=('pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'csv', 'txt'), max_bytes_setting='ATTACHMENT_MAX_BYTES', too_big='This file is {size}; the largest allowed is {limit}.', wrong_format='This file is not a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text document.')]),
        ),
    ]
