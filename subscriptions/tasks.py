import time

from celery import shared_task

from . import services


@shared_task
def request_updates(
    email: str, kind: str, campaign_id: int | None, topic_id: int | None, frequency: str, page: str
) -> None:
    """A visitor asked for updates: all the work that depends on the address happens here,
    never in the request, so the answer takes the same time whether or not it is known."""
    target = services.target_from_ids(kind=kind, campaign_id=campaign_id, topic_id=topic_id)
    if target is not None:
        services.subscription_request(email=email, target=target, frequency=frequency, page=page)


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
