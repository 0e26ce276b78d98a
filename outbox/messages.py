"""Scheduling, delivering and draining outbox messages (see the package's docstring).

A message names a Celery task. Delivering it runs the task's body in this process, not
through the broker, inside the transaction that marks the message delivered; the task's own
retry options do not apply: a failure is recorded on the row and retried later, with backoff,
for as long as it takes. Nothing is dropped. The tasks must take ids and plain values and be
safe to run again (they all check what is already done), because one window remains: a
worker killed after an SMTP server accepted an email but before the commit sends it again.
"""

import json
import logging
import time
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from config import sealing

from .models import Message

logger = logging.getLogger(__name__)

PURPOSE = "outbox.sealed"


def schedule(task, *arguments, sealed=None) -> Message:
    """Promise to run `task(*arguments, **sealed)` once the current transaction commits.

    `arguments` must be JSON (ids, strings); `sealed` holds keyword arguments kept encrypted
    until delivery and erased after. The row is written now, in the caller's transaction;
    the first offer to the broker is made on commit, and a broker that is down only delays it.
    """
    json.dumps(arguments)  # refuse at once what could not be stored, not at delivery
    message = Message.objects.create(
        task=task.name,
        arguments=list(arguments),
        sealed=sealing.seal(PURPOSE, json.dumps(sealed)) if sealed else "",
        due_at=timezone.now() + timedelta(seconds=settings.OUTBOX_SWEEP_AFTER_SECONDS),
    )
    transaction.on_commit(lambda: offer(message.pk), robust=True)
    return message


#: After an offer fails for want of a broker, this process stops offering until then
#: (time.monotonic()): each attempt on a broker that does not answer costs a request its
#: connection timeout, and the sweep delivers the messages anyway.
_offers_paused_until = 0.0


def offer(message_id):
    """Hand the message to a worker, in one attempt. A broker that cannot be reached is logged,
    not raised: the change is committed and the sweep will deliver the message."""
    global _offers_paused_until
    from .tasks import deliver

    if time.monotonic() < _offers_paused_until:
        logger.info("Outbox message %s waits for the sweep: offers paused", message_id)
        return
    try:
        deliver.apply_async((message_id,), retry=False)
    except (OperationalError, OSError):  # no broker: refused, timed out, reset
        _offers_paused_until = time.monotonic() + settings.OUTBOX_OFFER_PAUSE_SECONDS
        logger.warning(
            "Outbox message %s waits for the sweep: no broker", message_id, exc_info=True
        )
    except Exception:  # anything else: the row is the promise, so log only
        logger.exception("Outbox message %s waits for the sweep", message_id)


def deliver(message_id) -> bool:
    """Run the message's task once, and mark it delivered in the same transaction.

    The row is locked (`SKIP LOCKED`): a second worker offered the same message while the
    first runs it moves on. A failure rolls back the task's own changes, and the row records
    the attempt and when to try again. Returns whether this call delivered it.
    """
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, delivered_at=None)
            .first()
        )
        if message is None:  # delivered already, or being delivered by someone else
            return False
        try:
            with transaction.atomic():
                task_named(message.task).run(*message.arguments, **_unsealed(message))
        except Exception as error:  # any failure: keep the message and say why
            _postpone(message, error)
            return False
        message.delivered_at = timezone.now()
        message.sealed = ""
        message.last_error = ""
        message.save(update_fields=["delivered_at", "sealed", "last_error"])
    return True


def drain(*, budget_seconds=None) -> int:
    """Deliver the messages that are due (beat, every minute; `manage.py drain_outbox`), oldest
    first, at most OUTBOX_DRAIN_BATCH or until the time budget is spent. Returns how many
    were delivered. Delivered messages older than OUTBOX_KEEP_DAYS are removed."""
    started = time.monotonic()
    delivered = 0
    due = Message.objects.filter(delivered_at=None, due_at__lte=timezone.now()).order_by("due_at")
    for message_id in list(due.values_list("pk", flat=True)[: settings.OUTBOX_DRAIN_BATCH]):
        if budget_seconds is not None and time.monotonic() - started > budget_seconds:
            break
        delivered += deliver(message_id)
    _forget_delivered()
    return delivered


def task_named(name):
    """The registered Celery task of that name: only a registered task can run, whatever a row
    says. Its module is imported first, as a process that never ran it may not have."""
    from config.celery import app

    module = name.rpartition(".")[0]
    if module.partition(".")[0] in _installed_apps():
        import_module(module)
    return app.tasks[name]


def _installed_apps():
    return {config.name.partition(".")[0] for config in apps.get_app_configs()}


def _unsealed(message):
    return json.loads(sealing.unseal(PURPOSE, message.sealed)) if message.sealed else {}


def _postpone(message, error):
    message.attempts += 1
    wait = min(
        settings.OUTBOX_FIRST_RETRY_SECONDS * 2 ** (message.attempts - 1),
        settings.OUTBOX_LONGEST_RETRY_SECONDS,
    )
    message.due_at = timezone.now() + timedelta(seconds=wait)
    message.last_error = f"{error.__class__.__name__}: {error}"[:2000]
    message.save(update_fields=["attempts", "due_at", "last_error"])
    logger.warning(
        "Outbox message %s (%s) failed, attempt %s; next in %s s",
        message.pk,
        message.task,
        message.attempts,
        wait,
        exc_info=error,
    )


def _forget_delivered():
    cutoff = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    Message.objects.filter(delivered_at__lt=cutoff).delete()
