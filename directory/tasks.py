from celery import shared_task

from .services import service_checks_request_due


@shared_task
def request_service_checks() -> int:
    return service_checks_request_due()
