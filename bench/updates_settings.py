"""The site's settings for the email-updates benchmark's worker: every task it sends goes to a
queue of its own, so a worker already running elsewhere never picks them up."""

from cja_site.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = "bench-updates"
