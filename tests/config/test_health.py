"""The liveness and readiness probes (DESIGN §5): /healthz checks nothing, /readyz checks the
database, the cache and the broker as the settings configure them at the time of the request."""

import pytest

from config.celery import app
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.django_db

NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def test_healthz_says_ok_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == NEVER_CACHE


def test_the_probes_answer_get_only(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_readyz_without_a_broker_reports_eager_tasks(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "eager"},
    }
    assert response["Cache-Control"] == NEVER_CACHE


def test_readyz_is_unavailable_when_the_configured_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "ok", "broker": "error: OperationalError"},
    }


@pytest.mark.services
def test_readyz_reaches_the_broker_the_settings_name_now(client, settings, monkeypatch):
    """The setting decides, even where code changed the Celery app's own configuration."""
    settings.CELERY_BROKER_URL = REDIS_URL
    monkeypatch.setitem(app.conf.changes, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }
