"""Celery in-process (the embedded default and the tests): quiet, and no broker needed."""

import logging

import pytest

from cja_site.celery import app as celery_app
from notifications.delivery import deliver_email

pytestmark = pytest.mark.django_db


def test_tasks_run_in_process_without_a_broker_warning(settings, monkeypatch, caplog):
    monkeypatch.setitem(celery_app.conf, "broker_url", settings.CELERY_BROKER_URL)
    # Fresh connection pools, as in a new process: the warning came when one was made.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    with caplog.at_level(logging.WARNING):
        assert deliver_email.delay(0).get() == "skipped"
    assert [record.getMessage() for record in caplog.records] == []
