"""Liveness and readiness probes, as JSON (DESIGN §5)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    """The process is up and serving requests. Checks nothing else, on purpose."""
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache.set("readyz", "ok", 5)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _broker():
    if not settings.CELERY_BROKER_URL:
        return "eager"  # tasks run in-process: there is no broker to reach
    from config.celery import app

    # The broker the settings name, even where the app's own configuration was changed since.
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@require_GET
@never_cache
def readyz(request):
    """Ready to serve when the database, the cache and the broker all answer."""
    results, ready = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check() or "ok"
        except Exception as error:  # a probe reports every failure, whatever its kind
            results[name] = f"error: {error.__class__.__name__}"
            ready = False
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )
