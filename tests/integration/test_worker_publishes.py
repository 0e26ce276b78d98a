"""A real Celery worker, started with compose.yaml's command, publishes an approved item.

The test process sends the tasks through Redis exactly as the web process does (`.delay()` on
commit); the worker, a separate process on the test database, runs them. Each run has its own
queue, so no other worker on the same Redis can take its tasks.
"""

import re
import subprocess
import time
import uuid

import pytest
import redis
from django.db import connection

from accreditation.models import DossierState
from cms.models import CatalogueItemPage
from cms.tasks import sync_catalogue_item
from config.celery import app
from demo.workflow import advance
from registry_export.documents import ACHIEVEMENT, ENDORSEMENT
from registry_export.models import RegistryDocument
from tests.accreditation.factories import dossier as make_dossier
from tests.config import compose
from tests.conftest import REDIS_URL
from tests.factories import make_people

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30
SUCCEEDED = r"Task {name}\[{id}\] succeeded in [0-9.e-]+s: (?P<result>\S+)"


def _forget_broker_connections():
    """The app pools its broker connections and producers; drop them so the next message goes
    to the broker configured now."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None and amqp._producer_pool is not None:
        amqp._producer_pool.force_close_all()
        amqp._producer_pool = None


@pytest.fixture
def queue():
    """A queue of this run's own, removed from Redis afterwards."""
    name = f"test-worker-{uuid.uuid4().hex}"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    try:
        for key in client.scan_iter(match=f"*{name}*"):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture
def tasks_over_redis(queue, monkeypatch):
    """This process sends tasks to Redis (test settings run them eagerly). The values go in
    the app's own layer of configuration, over the Django settings, and leave it afterwards."""
    overrides = {"task_always_eager": False, "broker_url": REDIS_URL, "task_default_queue": queue}
    for name, value in overrides.items():
        monkeypatch.setitem(app.conf.changes, name, value)
    _forget_broker_connections()
    yield
    _forget_broker_connections()


@pytest.fixture
def worker(transactional_db, queue, tasks_over_redis, tmp_path):
    """compose.yaml's worker command and environment, on the test database and test Redis,
    consuming this run's queue only. Stopped (warm shutdown) before the database is flushed."""
    env = compose.environment(
        "worker",
        database_url=compose.database_url(connection.settings_dict),
        redis_url=REDIS_URL,
        HOME=tmp_path,
        MEDIA_ROOT=tmp_path / "media",
    )
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["CELERY_BROKER_URL"] == REDIS_URL
    nodename = f"celery@{queue}"
    argv = [*compose.command(compose.service("worker")["command"]), "-Q", queue, "-n", nodename]
    with compose.running("worker", argv, env) as process:
        process.wait_for(rf"{re.escape(nodename)} ready\.", timeout=60)
        process.env = env
        process.nodename = nodename
        yield process
        assert process.stop() == 0
        assert "Traceback" not in process.output


def wait_until(condition, worker, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if not worker.alive():
            raise AssertionError(f"the worker died waiting for {what}:\n{worker.output}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {TIMEOUT} s:\n{worker.output}")
        time.sleep(0.1)


def test_a_real_worker_publishes_an_approved_item_once_per_language(reference_data, worker):
    people = make_people()
    dossier = make_dossier(people.org_a, author=people.provider_a)
    pages = CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)
    documents = RegistryDocument.objects.filter(credential_id=dossier.credential_id)

    # Approval (the last step) schedules both tasks on commit, through .delay().
    dossier = advance(dossier, DossierState.ACCREDITED, people.cast())
    approved = time.monotonic()
    wait_until(lambda: pages.count() == 2 and documents.exists(), worker, "published item")
    published_in = time.monotonic() - approved

    # The worker ran them (not this process): its log names both, with their results.
    sync = worker.wait_for(
        SUCCEEDED.format(name=r"cms\.tasks\.sync_catalogue_item", id=r"[^]]+"), 5
    )
    refresh = worker.wait_for(
        SUCCEEDED.format(name=r"registry_export\.tasks\.refresh_registry_documents", id=r"[^]]+"), 5
    )
    assert (sync["result"], refresh["result"]) == ("2", "5")
    by_language = {page.locale.language_code: page for page in pages.select_related("locale")}
    assert sorted(pages.values_list("locale__language_code", flat=True)) == ["en", "ja"]
    assert by_language["ja"].title == "データサイエンス入門"
    assert by_language["en"].title == "Introduction to Data Science"
    assert {(page.live, page.status, page.dossier_id) for page in by_language.values()} == {
        (True, "active", dossier.pk)
    }
    document = documents.get(kind=ACHIEVEMENT)
    assert document.dossier_id == dossier.pk
    assert documents.count() == 5
    assert documents.get(kind=ENDORSEMENT).document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    page_ids = {language: page.pk for language, page in by_language.items()}

    # Once more, by hand: the same two pages, updated in place.
    sent = time.monotonic()
    result = sync_catalogue_item.delay(dossier.pk)
    rerun = worker.wait_for(
        SUCCEEDED.format(name=r"cms\.tasks\.sync_catalogue_item", id=re.escape(result.id)),
        TIMEOUT,
    )
    rerun_in = time.monotonic() - sent
    assert rerun["result"] == "2"
    assert dict(pages.values_list("locale__language_code", "pk")) == page_ids
    assert pages.filter(locale__language_code="ja").count() == 1
    assert pages.filter(locale__language_code="en").count() == 1
    assert documents.count() == 5

    # The container's health check answers for this worker.
    probe = compose.command(compose.service("worker")["healthcheck"]["test"])
    ping = subprocess.run(
        probe,
        env={**worker.env, "HOSTNAME": worker.nodename.removeprefix("celery@")},
        cwd=compose.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ping.returncode == 0, ping.stdout + ping.stderr
    assert f"{worker.nodename}: OK" in ping.stdout
    print(
        f"approval -> both tasks done: {published_in:.2f} s; re-sync round trip: {rerun_in:.2f} s"
    )
