from celery import shared_task

from . import services


@shared_task
def roll_up_readership():
    services.readership_nightly()
