import pytest
from django.core import mail

from subscriptions.models import Announcement, Subscriber, Subscription
from subscriptions.tasks import announce_new_items

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_followers_and_its_content_counts_as_already_announced(demo_content):
    from django.core.management import call_command

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115 (again)
    assert Subscriber.objects.filter(status="confirmed").count() == 3
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 3
    assert Announcement.objects.exists()
    assert not Announcement.objects.filter(baseline=False).exists()
    assert announce_new_items() == 0
    assert mail.outbox == []
