import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task
def poll_due_items() -> int:
    """Hand each due item to its own task, so one slow or broken source never delays the rest."""
    item_ids = services.tracked_items_claim_due()
    for item_id in item_ids:
        try:
            poll_item.delay(item_id)
        except Exception:
            # A claimed item comes due again after TRACKING_CLAIM_SECONDS.
            logger.warning("Could not enqueue the poll of tracked item %s", item_id, exc_info=True)
    return len(item_ids)


@shared_task
def poll_item(item_id: int) -> bool:
    return services.tracked_item_poll(item_id=item_id).ok


@shared_task
def alert_overdue_responses() -> int:
    return services.overdue_responses_alert()
