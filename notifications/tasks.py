from celery import shared_task
from django.utils import timezone

from . import services
from .models import Email


@shared_task(bind=True, max_retries=None)
def deliver_email(self, email_id: int) -> str:
    email = services.email_deliver(email_id=email_id)
    if email is None:
        return "skipped"
    if email.status == Email.Status.PENDING:
        # Retry soon through the broker; the sweeper is the safety net if this message is lost.
        countdown = max((email.next_attempt_at - timezone.now()).total_seconds(), 0)
        raise self.retry(countdown=countdown)
    return email.status


@shared_task(bind=True, max_retries=None)
def deliver_batch(self, email_ids: list[int]) -> str:
    """Send many rows over one mail connection (bulk email: updates to followers)."""
    emails = services.emails_deliver_batch(email_ids=email_ids)
    retry = [email for email in emails if email.status == Email.Status.PENDING]
    if retry:
        # Those that failed once are tried again together, when the latest of them is due.
        due = max(email.next_attempt_at for email in retry)
        countdown = max((due - timezone.now()).total_seconds(), 0)
        raise self.retry(args=([email.pk for email in retry],), countdown=countdown)
    return f"{len(emails)} handled"


@shared_task
def sweep_outbox() -> int:
    return services.emails_sweep()
