from django.conf import settings
from django.core.management.base import BaseCommand

from contact.services import contact_messages_delete_old


class Command(BaseCommand):
    help = "Delete contact messages older than CONTACT_RETENTION_DAYS (runs nightly from beat)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        count = contact_messages_delete_old(dry_run=dry_run)
        days = settings.CONTACT_RETENTION_DAYS
        if dry_run:
            self.stdout.write(f"Would delete {count} contact message(s) older than {days} days.")
        else:
            self.stdout.write(f"Deleted {count} contact message(s) older than {days} days.")
