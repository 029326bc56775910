from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each area loads its own demo content; order matters where one links to another.
DEMO_MODULES = [
    "cja_site.demo",
    "publications.demo",
    "campaigns.demo",
    "expert_group.demo",
    "directory.demo",
    # Tracked items poll recorded responses, so they come after the campaigns they belong to.
    "tracking.demo",
    "contact.demo",
]

# Followers of the demo campaigns and topics; the demo content counts as already announced.
DEMO_MODULES += ["subscriptions.demo"]


class Command(BaseCommand):
    help = "Load the site's demo content. Safe to run again: it updates what is already there."

    def handle(self, *args, **options):
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                # A loader may return lines for the person who ran it (e.g. demo sign-ins).
                for line in import_module(module_name).load() or ():
                    self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
