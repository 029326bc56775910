from django.conf import settings
from django.core.management.base import BaseCommand

from subscriptions.services import subscriptions_delete_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete requests for email updates not confirmed within UPDATES_UNCONFIRMED_DAYS, and "
        "addresses left with nothing. Runs nightly from beat; use --dry-run to count only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        subscriptions, addresses = subscriptions_delete_unconfirmed(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {subscriptions} unconfirmed subscription(s) and {addresses} address(es) "
            f"older than {settings.UPDATES_UNCONFIRMED_DAYS} days."
        )
