"""Beat's schedule run inside the development server, for the embedded default.

With no broker (no REDIS_URL) Celery runs tasks in-process, and there is no worker or beat to
start: so `make run` runs every CELERY_BEAT_SCHEDULE entry from a thread of the server itself.
A task sent from that thread runs there too, so followers' updates, reminders and the outbox
sweeper work with one command, their emails printed in the terminal. With a broker, run one
`celery -A cja_site beat` instead (Procfile), never this.
"""

from celery import beat
from django.conf import settings

from .celery import app


def embedded_beat_wanted() -> bool:
    return bool(app.conf.task_always_eager) and not settings.REDIS_URL


def embedded_beat_start() -> beat.Service:
    """Start the schedule in a daemon thread (it stops with the server)."""
    # Beat finds a task by name among those imported; a worker imports every app's tasks
    # module at start, and so must this, or beat would send them to a broker there is not.
    app.loader.import_default_modules()
    service = beat.EmbeddedService(app, thread=True)
    service.start()
    return service


def scheduled_job_names() -> list[str]:
    return sorted(app.conf.beat_schedule)
