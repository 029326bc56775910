"""Attaching an alternative format fulfils the open requests for it, once the save commits."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from publications.models import Attachment

from .services import format_requests_fulfil_available


@receiver(post_save, sender=Attachment, dispatch_uid="formats-fulfil-on-attach")
def _alternative_attached(sender, instance, raw=False, **kwargs):
    if raw or not instance.alternative_of_id:
        return
    document_id = instance.alternative_of_id
    transaction.on_commit(lambda: format_requests_fulfil_available(document_id=document_id))
