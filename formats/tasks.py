from celery import shared_task

from . import services


@shared_task
def remind_staff_of_format_requests() -> int:
    return services.format_requests_remind()


@shared_task
def fulfil_available_format_requests() -> int:
    return services.format_requests_fulfil_available()


@shared_task
def erase_old_format_requests() -> int:
    return services.format_requests_erase_old()
