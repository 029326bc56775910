from celery import shared_task

from .services import meetings as services


@shared_task
def send_due_reminders() -> int:
    return services.reminders_send_due()


@shared_task
def check_quorum() -> int:
    return services.quorum_check()
