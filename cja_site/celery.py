"""The Celery app: `celery -A cja_site worker` and `celery -A cja_site beat`.

Everything is configured from Django settings (the CELERY_ names), the beat schedule included.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cja_site.settings")

app = Celery("cja_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
