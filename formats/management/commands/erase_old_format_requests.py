from django.conf import settings
from django.core.management.base import BaseCommand

from formats.services import format_requests_erase_old


class Command(BaseCommand):
    help = (
        "Erase requesters' details from format requests resolved more than "
        "FORMAT_REQUEST_RETENTION_DAYS ago (runs nightly from beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be erased."
        )

    def handle(self, *args, dry_run=False, **options):
        count = format_requests_erase_old(dry_run=dry_run)
        days = settings.FORMAT_REQUEST_RETENTION_DAYS
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(
            f"{verb} the requester's details from {count} format request(s) "
            f"resolved more than {days} days ago."
        )
