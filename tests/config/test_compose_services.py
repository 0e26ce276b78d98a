"""compose.yaml's services, run natively: the stack's own commands start and serve.

The worker's round trip (a real worker publishing an approved item) is in
tests/integration/test_worker_publishes.py.
"""

import http.client
import json
import re
import shlex
import subprocess
import sys
import time

import pytest

from tests.config import compose
from tests.conftest import REDIS_URL, REQUIRED

ROOT = compose.ROOT


def redis_available():
    url = compose.urlsplit(REDIS_URL)
    return compose.port_open(url.hostname, url.port or 6379)


def get(port, path, host="localhost", timeout=10):
    """One request without following redirects: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_compose_declares_the_stack_the_tests_run():
    stack = compose.load()
    services = stack["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert compose.command(services["web"]["command"]) == [
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        "0.0.0.0:8000",
        "--workers",
        "2",
    ]
    assert compose.command(services["worker"]["command"]) == shlex.split(
        "celery -A config worker --loglevel=INFO --concurrency=2"
    )
    assert compose.command(services["beat"]["command"]) == shlex.split(
        "celery -A config beat --loglevel=INFO --schedule /tmp/celerybeat-schedule"
    )
    for name in ("migrate", "web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert env["DATABASE_URL"] == "postgres://mc:mc-accreditation@db:5432/mc_accreditation"
        assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert env["CACHE_URL"] == "redis://redis:6379/1"
        assert env["DJANGO_SECRET_KEY"] == compose.OPERATOR_ENV["DJANGO_SECRET_KEY"]
        assert env["DJANGO_ALLOWED_HOSTS"] == "registry.example.org,localhost"
    healthy = {"condition": "service_healthy"}
    migrated = {"condition": "service_completed_successfully"}
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "db": healthy,
            "redis": healthy,
            "migrate": migrated,
        }
    assert services["beat"]["depends_on"] == {"redis": healthy, "migrate": migrated}
    assert services["migrate"]["depends_on"] == {"db": healthy}
    assert "/healthz" in " ".join(compose.command(services["web"]["healthcheck"]["test"]))


def test_compose_refuses_to_start_without_a_secret_key():
    with pytest.raises(ValueError) as error:
        compose.load(variables={})
    assert str(error.value) == (
        "compose.yaml requires DJANGO_SECRET_KEY: "
        "set DJANGO_SECRET_KEY to a random string of 50+ characters"
    )


def test_the_dockerfile_collectstatic_step_succeeds_with_production_storage(tmp_path):
    """The build step, natively: the Dockerfile's environment and command, into a scratch
    STATIC_ROOT. Manifest storage fails here when a stylesheet refers to a missing file."""
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    (run,) = [line for line in dockerfile.splitlines() if "collectstatic" in line]
    words = shlex.split(run.removeprefix("RUN "))
    assignments = [word for word in words if re.fullmatch(r"[A-Z_]+=\S+", word)]
    argv = words[len(assignments) :]
    assert argv == ["python", "manage.py", "collectstatic", "--noinput"]
    env = dict(item.split("=", 1) for item in assignments)
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    static_root = tmp_path / "staticfiles"
    program = (
        "import runpy, sys; from django.conf import settings; "
        f"settings.STATIC_ROOT = {str(static_root)!r}; "
        "sys.argv = sys.argv[1:]; runpy.run_path('manage.py', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, *argv[1:]],
        env={**compose.clean_environment(), **env},  # a build has no compose environment
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\d+ static files? copied to '.*staticfiles'", result.stdout)
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert (static_root / hashed).is_file()
    assert (static_root / (hashed + ".gz")).is_file()


def test_web_migrates_then_serves_the_probes_with_production_settings(tmp_path):
    """migrate, then gunicorn, each with its command and environment from compose.yaml (SQLite
    instead of the `db` service). Also runs the container's own health check against it."""
    if redis_available():
        redis = {"redis_url": REDIS_URL}
        expected_broker = "ok"
    elif REQUIRED:
        pytest.fail(f"Redis is not answering at {REDIS_URL} (REQUIRE_SERVICES=1)")
    else:  # the embedded defaults stand in for the `redis` service
        redis = {"redis_url": "", "CACHE_URL": "locmemcache://"}
        expected_broker = "eager"
    env = compose.environment(
        "web",
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HOME=tmp_path,  # gunicorn puts its control socket under $HOME
        MEDIA_ROOT=tmp_path / "media",
        **redis,
    )
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    migrate_env = compose.environment(
        "migrate",
        database_url=env["DATABASE_URL"],
        HOME=tmp_path,
        MEDIA_ROOT=tmp_path / "media",
        **redis,
    )
    assert migrate_env == env  # one environment for the whole stack

    migrate = subprocess.run(
        compose.command(compose.service("migrate")["command"]),
        env=migrate_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    assert "Applying cms.0001_initial... OK" in migrate.stdout

    port = compose.free_port()
    argv = compose.with_option(
        compose.command(compose.service("web")["command"]), "--bind", f"127.0.0.1:{port}"
    )
    with compose.running("web", argv, env) as web:
        web.wait_for(rf"Listening at: http://127\.0\.0\.1:{port}", timeout=60)
        # The master listens before its workers have loaded Django: a request
        # waits in the socket's backlog until one has, which takes tens of
        # seconds when the whole suite runs in parallel beside it.
        deadline = time.monotonic() + 120
        while True:
            try:
                status, headers, body = get(port, "/healthz", timeout=120)
                break
            except (ConnectionError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body) == {"status": "ok"}

        status, headers, body = get(port, "/readyz")
        assert status == 200, body
        assert json.loads(body) == {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok", "broker": expected_broker},
        }

        # Production settings are in force: the probes are exempt, the site is HTTPS only.
        status, headers, _ = get(port, "/en/")
        assert status == 301
        assert headers["Location"] == "https://localhost/en/"
        status, _, _ = get(port, "/healthz", host="attacker.example")
        assert status == 400

        healthcheck = [
            arg.replace("localhost:8000", f"localhost:{port}")
            for arg in compose.command(compose.service("web")["healthcheck"]["test"])
        ]
        probe = subprocess.run(healthcheck, env=env, capture_output=True, text=True, timeout=30)
        assert probe.returncode == 0, probe.stderr

        assert web.alive()
        assert web.stop() == 0
        assert "Shutting down: Master" in web.output


@pytest.mark.services
def test_beat_starts_and_keeps_running(tmp_path):
    env = compose.environment(
        "beat",
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        redis_url=REDIS_URL,
        HOME=tmp_path,
        MEDIA_ROOT=tmp_path / "media",
    )
    assert env["CELERY_BROKER_URL"] == REDIS_URL
    schedule = tmp_path / "celerybeat-schedule"
    argv = compose.with_option(
        compose.command(compose.service("beat")["command"]), "--schedule", str(schedule)
    )
    with compose.running("beat", argv, env) as beat:
        beat.wait_for(r"beat: Starting\.\.\.", timeout=60)
        time.sleep(2)
        assert beat.alive(), beat.output
        broker = compose.urlsplit(REDIS_URL)
        address = re.escape(broker.netloc.rpartition("@")[2] + broker.path)
        assert re.search(rf"\. broker -> redis://(?:[^@/]*@)?{address}\n", beat.output)
        assert f"db -> {schedule}" in beat.output
        assert "Traceback" not in beat.output
        assert beat.stop() == 0
    assert any(path.name.startswith(schedule.name) for path in tmp_path.iterdir())


def test_the_image_runs_the_web_service_by_default_from_the_source_tree():
    """The Dockerfile runs /app, on PYTHONPATH: the settings find templates/, static/ and
    locale/ beside the packages, and the `demo` app in INSTALLED_APPS is not packaged."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "\nFROM python:3.11-slim\n" in dockerfile
    assert "    PYTHONPATH=/app \\\n" in dockerfile
    assert re.search(r"^WORKDIR /app$", dockerfile, re.MULTILINE)
    assert "\nRUN pip install -c requirements.lock .\n" in dockerfile
    assert re.search(r"^USER app$", dockerfile, re.MULTILINE)
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.MULTILINE)
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.MULTILINE).group(1)
    assert json.loads(cmd) == compose.command(compose.service("web")["command"])
