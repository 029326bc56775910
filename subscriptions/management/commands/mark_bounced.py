from django.core.management.base import BaseCommand, CommandError

from subscriptions.selectors import subscriber_for_address
from subscriptions.services import normalise_address, subscriber_mark_bounced


class Command(BaseCommand):
    help = (
        "Record hard bounces: the addresses given are never sent email updates again, and "
        "updates already queued for them are withdrawn."
    )

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="+", metavar="ADDRESS")

    def handle(self, *args, addresses, **options):
        unknown = []
        for address in addresses:
            subscriber = subscriber_for_address(email=normalise_address(address))
            if subscriber is None:
                unknown.append(address)
                continue
            subscriber_mark_bounced(subscriber=subscriber)
            self.stdout.write(f"Marked as bounced: {subscriber.masked_email}")
        if unknown:
            raise CommandError(f"Not found (nothing changed for these): {', '.join(unknown)}")
