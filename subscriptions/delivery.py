"""The worker's side of email updates: a batch sent over one connection, less any address that
has stopped getting updates since it was queued. (Here rather than in tasks.py, so that the
services that queue updates can enqueue this task without a circle.)"""

from celery import shared_task

from notifications.delivery import batch_retry, emails_deliver_batch
from notifications.models import Email
from notifications.services import emails_cancel

from .models import Subscriber


# Named as when it lived in tasks.py, so messages already queued still find it.
@shared_task(bind=True, max_retries=None, name="subscriptions.tasks.deliver_updates")
def deliver_updates(self, email_ids: list[int]) -> str:
    """A batch of updates over one SMTP connection, withdrawn for addresses that have stopped."""
    return batch_retry(self, update_emails_deliver(email_ids=email_ids))


def update_emails_deliver(*, email_ids: list[int]) -> list[Email]:
    """Send a batch of updates, withdrawing first any whose address may no longer get them
    (unsubscribed, bounced or gone since the email was queued)."""
    rows = list(
        Email.objects.filter(pk__in=email_ids, status=Email.Status.PENDING).values_list("pk", "to")
    )
    addresses = {address for _, to in rows for address in to}
    allowed = set(
        Subscriber.objects.filter(
            email__in=addresses, status=Subscriber.Status.CONFIRMED
        ).values_list("email", flat=True)
    )
    withdrawn = [pk for pk, to in rows if not set(to) <= allowed]
    if withdrawn:
        emails_cancel(email_ids=withdrawn, reason="Not sent: the address no longer gets updates.")
    return emails_deliver_batch(email_ids=[pk for pk, _ in rows if pk not in set(withdrawn)])
