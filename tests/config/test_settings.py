"""The settings, each loaded in a fresh process from the environment alone: production is
deploy-ready and refuses weak configuration; the embedded default needs no services."""

import json
import secrets
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

import pytest

from tests.config import compose

ROOT = compose.ROOT
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
}
IMPROPERLY_CONFIGURED = "django.core.exceptions.ImproperlyConfigured: "

SHOW_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "user": db.get("USER", ""),
    "host": db.get("HOST", ""),
    "port": db.get("PORT", ""),
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "app_broker": app.conf.broker_url,
    "app_eager": app.conf.task_always_eager,
}))
"""


def python(program, **variables):
    """Run `program` in a fresh interpreter with only `variables` configuring the project."""
    return subprocess.run(
        [sys.executable, "-c", program],
        env={**compose.clean_environment(), **variables},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deploy_check_without_a_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**compose.clean_environment(), **PRODUCTION},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stderr == ""
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        (
            {"DJANGO_SECRET_KEY": "x" * 49},
            "DJANGO_SECRET_KEY must be set to a random string of 50+ characters.",
        ),
        (
            {"DJANGO_SECRET_KEY": ""},
            "DJANGO_SECRET_KEY must be set to a random string of 50+ characters.",
        ),
        (
            {"DJANGO_ALLOWED_HOSTS": None},
            "Set the DJANGO_ALLOWED_HOSTS environment variable",
        ),
    ],
    ids=["short-secret", "no-secret", "no-allowed-hosts"],
)
def test_production_refuses_to_start_with_a_weak_configuration(variables, error):
    env = {**PRODUCTION, **variables}
    env = {key: value for key, value in env.items() if value is not None}
    result = python("import django; django.setup(); print('started')", **env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.rstrip().splitlines()[-1] == IMPROPERLY_CONFIGURED + error


def test_production_starts_with_a_50_character_secret():
    result = python(
        "import django; django.setup(); print('started')",
        **{**PRODUCTION, "DJANGO_SECRET_KEY": "x" * 50},
    )
    assert (result.returncode, result.stdout) == (0, "started\n"), result.stderr


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.production"])
def test_the_embedded_default_is_sqlite_and_eager_celery(module):
    result = python(SHOW_SETTINGS, **{**PRODUCTION, "DJANGO_SETTINGS_MODULE": module})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "name": str(ROOT / "db.sqlite3"),
        "user": "",
        "host": "",
        "port": "",
        "broker": "",
        "eager": True,
        "app_broker": "",
        "app_eager": True,
    }


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.production"])
def test_database_and_broker_urls_switch_to_postgresql_and_a_real_broker(module):
    result = python(
        SHOW_SETTINGS,
        **{**PRODUCTION, "DJANGO_SETTINGS_MODULE": module},
        DATABASE_URL="postgres://mc:s3cret@db.internal:5433/mc_accreditation",
        CELERY_BROKER_URL="redis://broker.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.postgresql",
        "name": "mc_accreditation",
        "user": "mc",
        "host": "db.internal",
        "port": 5433,
        "broker": "redis://broker.internal:6379/0",
        "eager": False,
        "app_broker": "redis://broker.internal:6379/0",
        "app_eager": False,
    }


def test_only_the_maintained_django_fsm_is_installed():
    """django-fsm (abandoned) and django-fsm-2 both write the `django_fsm` module; if both are
    installed the last one wins silently (STACK-NOTES)."""
    with pytest.raises(PackageNotFoundError):
        distribution("django-fsm")
    assert packages_distributions()["django_fsm"] == ["django-fsm-2"]
    fsm2 = distribution("django-fsm-2")
    assert fsm2.version == "4.2.4"
    import django_fsm

    installed = {Path(fsm2.locate_file(file)).resolve() for file in fsm2.files}
    assert Path(django_fsm.__file__).resolve() in installed


def test_an_sqlite_database_keeps_a_write_ahead_log(tmp_path):
    """Commits append to the log instead of waiting for the disk (migrate commits once per
    migration), and the demo server's readers do not block a task's writes."""
    database = tmp_path / "db.sqlite3"
    result = python(
        "import django; django.setup(); from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    for pragma in ('journal_mode', 'synchronous', 'busy_timeout'):\n"
        "        cursor.execute(f'PRAGMA {pragma}'); print(cursor.fetchone()[0])\n",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.returncode == 0, result.stderr
    # synchronous 1 is NORMAL; busy_timeout is the 20 s "timeout" option, in milliseconds.
    assert result.stdout.split() == ["wal", "1", "20000"]


SHOW_SESSIONS = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({"sessions": settings.SESSION_ENGINE}))
"""


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("redis://cache.internal:6379/1", "django.contrib.sessions.backends.cached_db"),
        # Each process's own memory: a session signed out in one would live on in the others.
        ("locmemcache://", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_cached_only_in_a_cache_every_process_shares(cache_url, engine):
    result = python(SHOW_SESSIONS, **PRODUCTION, CACHE_URL=cache_url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sessions"] == engine


SHOW_RATES = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({"verify": settings.VERIFY_RATE, "api": settings.PROVIDER_API_RATES}))
"""


def test_the_rates_come_from_the_environment():
    result = python(
        SHOW_RATES,
        **PRODUCTION,
        VERIFY_RATE="5/min",
        PROVIDER_API_RATES="burst=1000/min,sustained=20000/hour",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "verify": "5/min",
        "api": {"burst": "1000/min", "sustained": "20000/hour"},
    }


@pytest.mark.parametrize(
    "variables",
    [
        {"VERIFY_RATE": "sixty"},
        {"VERIFY_RATE": "0/min"},
        {"PROVIDER_API_RATES": "burst=600/fortnight"},
        {"PROVIDER_API_RATES": "daily=600/day"},
        {"PROVIDER_API_RATES": "burst=600/min\\x00"},
        {"PROVIDER_API_RATES": "burst"},
        {"PROVIDER_API_RATES": "burst=600/min,sustained"},
    ],
    ids=["words", "zero", "period", "scope", "trailing", "no-rate", "one-without-rate"],
)
def test_an_unreadable_rate_stops_the_start(variables):
    result = python("import django; django.setup(); print('started')", **PRODUCTION, **variables)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.rstrip().splitlines()[-1].startswith(IMPROPERLY_CONFIGURED + "Unreadable")
