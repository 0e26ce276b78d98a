"""Pointing this process's Celery app at a broker for one test (the test settings run tasks
eagerly, in-process). The values go in the app's own layer of configuration, over the Django
settings, and leave with the test."""

from contextlib import contextmanager

from kombu import pools

from config.celery import app

_UNSET = object()


def forget_connections():
    """The app pools its broker connections and producers; drop them so the next message goes
    to the broker configured now."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None and amqp._producer_pool is not None:
        amqp._producer_pool.force_close_all()
        amqp._producer_pool = None
    pools.reset()  # kombu's own registry would hand the closed pool back for the same URL


@contextmanager
def tasks_sent_to(broker_url, **conf):
    """Send tasks to `broker_url` instead of running them, inside the block: `conf` adds
    Celery settings. Everything is as before once it ends."""
    overrides = {"task_always_eager": False, "broker_url": broker_url, **conf}
    previous = {name: app.conf.changes.get(name, _UNSET) for name in overrides}
    app.conf.changes.update(overrides)
    forget_connections()
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is _UNSET:
                app.conf.changes.pop(name, None)
            else:
                app.conf.changes[name] = value
        forget_connections()
