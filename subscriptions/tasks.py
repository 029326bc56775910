import time

from celery import shared_task

from . import services


@shared_task
def announce_new_items() -> int:
    """Record what has become public and start emailing its followers."""
    ids = services.announcements_record()
    for announcement_id in ids:
        queue_announcement_emails.delay(announcement_id)
    return len(ids)


# Chunks of followers one task queues before handing on to a new task: well inside the time
# limit, and each chunk's emails are on their way (to other worker processes) meanwhile.
QUEUEING_SECONDS = 30


@shared_task
def queue_announcement_emails(announcement_id: int, after: int = 0) -> str:
    started = time.monotonic()
    cursor = after
    while cursor is not None and time.monotonic() - started < QUEUEING_SECONDS:
        cursor = services.announcement_queue_emails(announcement_id=announcement_id, after=cursor)
    if cursor is not None:
        queue_announcement_emails.delay(announcement_id, cursor)
        return f"queued up to follower {cursor}"
    return "all queued"


@shared_task
def send_weekly_digest() -> int:
    return services.digest_queue()


@shared_task
def delete_unconfirmed() -> tuple[int, int]:
    return services.subscriptions_delete_unconfirmed()
