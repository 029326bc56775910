from celery import shared_task

from . import services


@shared_task
def sweep_outbox() -> int:
    return services.emails_sweep()
