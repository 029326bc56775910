"""What /healthz checks: each dependency answers "ok", "eager" or why it is down."""

from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app


def database_status() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def cache_status() -> str:
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def broker_status() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write(celery_app.conf.broker_url) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": database_status, "cache": cache_status, "broker": broker_status}


def health_report() -> tuple[bool, dict[str, str]]:
    report, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:
            healthy = False
            report[name] = f"down: {type(error).__name__}"
    return healthy, report
