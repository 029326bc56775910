"""The site's settings with a one-job schedule every second, in a queue of the test's own: for
starting real beat processes and counting what they send."""

import os

from cja_site.settings import *  # noqa: F403

CELERY_BEAT_SCHEDULE = {
    "tick": {"task": "notifications.tasks.sweep_outbox", "schedule": 1.0},
}
CELERY_TASK_DEFAULT_QUEUE = os.environ["BEAT_TEST_QUEUE"]
CELERY_BEAT_MAX_INTERVAL = 1
