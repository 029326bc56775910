from celery import shared_task

from . import services_meetings


@shared_task
def send_due_reminders() -> int:
    return services_meetings.reminders_send_due()


@shared_task
def check_quorum() -> int:
    return services_meetings.quorum_check()
