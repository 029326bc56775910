"""Two reminder jobs at once (two beat processes by mistake, or a slow run overlapping the next)
still send each member one reminder. Needs PostgreSQL's row locks."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from expert_group.models import ReminderSent
from expert_group.services.meetings import reminders_send_due
from notifications.models import Email

from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
def test_overlapping_reminder_runs_send_once():
    for _ in range(5):
        MembershipFactory()
    start = timezone.now() + timedelta(days=1)
    for _ in range(3):
        MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(reminders_send_due())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(results) == 15
    assert ReminderSent.objects.count() == 15
    assert Email.objects.count() == 15
    assert reminders_send_due() == 0
