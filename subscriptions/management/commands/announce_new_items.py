from django.core.management.base import BaseCommand

from subscriptions import services
from subscriptions.tasks import queue_announcement_emails


class Command(BaseCommand):
    help = (
        "Announce what has become public to its followers (beat does this every 5 minutes). "
        "--baseline records everything public as announced without emailing anyone: run it "
        "once when a site with content starts using email updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--baseline", action="store_true")

    def handle(self, *args, baseline=False, **options):
        ids = services.announcements_record(baseline=baseline)
        if baseline:
            self.stdout.write("Everything public is now recorded as announced; no one was emailed.")
            return
        for announcement_id in ids:
            queue_announcement_emails.delay(announcement_id)
        self.stdout.write(f"{len(ids)} new item(s) announced.")
