"""Real Celery workers for the integration tests, started with compose.yaml's command.

The test process sends tasks through Redis exactly as the web process does; a worker, a
separate process on the test database, runs them. Each test has its own queue, so no other
worker on the same Redis can take its tasks.
"""

import re
import time
import uuid
from contextlib import contextmanager

import pytest
import redis
from django.db import connection

from tests import broker
from tests.config import compose
from tests.conftest import REDIS_URL

TIMEOUT = 30


@pytest.fixture
def queue():
    """A queue of this test's own, removed from Redis afterwards."""
    name = f"test-worker-{uuid.uuid4().hex}"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    try:
        for key in client.scan_iter(match=f"*{name}*"):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture
def tasks_over_redis(queue):
    """This process sends its tasks to this test's queue in Redis."""
    with broker.tasks_sent_to(REDIS_URL, task_default_queue=queue):
        yield


@pytest.fixture
def start_worker(transactional_db, queue, tasks_over_redis, tmp_path):
    """Start compose.yaml's worker command and environment (`overrides` added), on the test
    database and test Redis, consuming this test's queue only. Leaving the block stops it
    (warm shutdown), before the database is flushed; a worker killed inside is left dead."""
    started = 0

    @contextmanager
    def start(**overrides):
        nonlocal started
        started += 1
        env = compose.environment(
            "worker",
            database_url=compose.database_url(connection.settings_dict),
            redis_url=REDIS_URL,
            HOME=tmp_path,
            MEDIA_ROOT=tmp_path / "media",
            **overrides,
        )
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert env["CELERY_BROKER_URL"] == REDIS_URL
        # celery@<hostname>, as in the container, where the health check addresses it.
        nodename = f"celery@{queue}" if started == 1 else f"celery@{queue}-{started}"
        command = compose.command(compose.service("worker")["command"])
        argv = [*command, "-Q", queue, "-n", nodename]
        with compose.running(f"worker {started}", argv, env) as process:
            process.wait_for(rf"{re.escape(nodename)} ready\.", timeout=60)
            process.env = env
            process.nodename = nodename
            yield process
            if not process.killed:
                assert process.stop() == 0
                assert "Traceback" not in process.output

    return start


@pytest.fixture
def worker(start_worker):
    """One worker, for the whole test."""
    with start_worker() as process:
        yield process


def wait_until(condition, worker, what, timeout=TIMEOUT):
    """Poll `condition` until it holds; fail if `worker` (None: no worker to watch) dies."""
    deadline = time.monotonic() + timeout
    while not condition():
        if worker is not None and not worker.alive():
            raise AssertionError(f"the worker died waiting for {what}:\n{worker.output}")
        if time.monotonic() > deadline:
            output = worker.output if worker is not None else ""
            raise AssertionError(f"no {what} after {timeout} s:\n{output}")
        time.sleep(0.1)
