from celery import shared_task

from . import services


@shared_task
def delete_old_contact_messages() -> int:
    return services.contact_messages_delete_old()
