from django.core.management.base import BaseCommand

from expert_group.services.membership import authenticators_reencrypt
from notifications.services import emails_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt secrets at rest (unsent sealed emails, authenticator secrets) with the first "
        "key in ENCRYPTION_KEYS. Run after putting a new key first; then older keys can go."
    )

    def handle(self, *args, **options):
        emails = emails_reencrypt()
        authenticators = authenticators_reencrypt()
        self.stdout.write(
            f"Re-encrypted {emails} unsent email(s) and {authenticators} authenticator(s)."
        )
