"""What staff change here shows on campaign pages (deadlines, "overdue by"): turn the page
cache over."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from publishing.cache import public_pages_invalidate

from .models import TrackedItem
from .services import POLL_FIELDS

PRIVATE_FIELDS = {*POLL_FIELDS, "overdue_alerted_at"}


@receiver(post_save, sender=TrackedItem)
@receiver(post_delete, sender=TrackedItem)
def invalidate_public_pages(sender, update_fields=None, **kwargs):
    # A poll's bookkeeping (times, failures, alerts) shows on no public page.
    if update_fields and set(update_fields) <= PRIVATE_FIELDS:
        return
    public_pages_invalidate()
