"""The outbox (outbox/messages.py): a promise written with the change, run once, never lost."""

import json
import threading
import time
from datetime import timedelta

import pytest
from celery import shared_task
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accreditation.models import FieldOfStudy
from outbox import messages as outbox
from outbox.models import Message

pytestmark = pytest.mark.django_db

RUNS = []


@shared_task
def record(value, secret=None):
    """A task that writes to the database and remembers its calls."""
    RUNS.append((value, secret))
    FieldOfStudy.objects.create(code=f"t-{value}", name_ja=value, name_en=value)
    return value


@shared_task
def fail_after_writing(value):
    FieldOfStudy.objects.create(code=f"t-{value}", name_ja=value, name_en=value)
    raise ConnectionRefusedError("the mail server said no")


@shared_task
def email_slowly(address):
    time.sleep(0.5)
    mail.send_mail("Hello", "Once.", None, [address])


@pytest.fixture(autouse=True)
def runs():
    RUNS.clear()
    yield RUNS
    RUNS.clear()


def due_now(message):
    Message.objects.filter(pk=message.pk).update(due_at=timezone.now())


def test_a_message_is_written_in_the_transaction_and_offered_only_once_it_commits(
    django_capture_on_commit_callbacks, runs
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        message = outbox.schedule(record, "one")
        assert Message.objects.get(pk=message.pk).task == "tests.outbox.test_messages.record"
    assert runs == []  # nothing ran inside the transaction
    assert len(callbacks) == 1

    callbacks[0]()  # the commit's offer (eager here: the task runs at once)

    assert runs == [("one", None)]
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 0
    assert FieldOfStudy.objects.filter(code="t-one").exists()


def test_a_rolled_back_change_leaves_no_message(runs):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.schedule(record, "lost")
        raise RuntimeError("the change failed")
    assert not Message.objects.exists()


def test_arguments_that_json_cannot_hold_are_refused_at_once():
    with pytest.raises(TypeError):
        outbox.schedule(record, object())
    assert not Message.objects.exists()


def test_a_second_delivery_does_nothing(runs):
    message = outbox.schedule(record, "once")
    assert outbox.deliver(message.pk) is True
    assert outbox.deliver(message.pk) is False
    assert runs == [("once", None)]
    assert FieldOfStudy.objects.filter(code="t-once").count() == 1


def test_sealed_arguments_are_unreadable_in_the_row_and_erased_once_delivered(runs):
    message = outbox.schedule(record, "invite", sealed={"secret": "raw-token-123"})
    stored = Message.objects.values_list("sealed", "arguments").get(pk=message.pk)
    assert "raw-token-123" not in json.dumps(stored)
    assert stored[1] == ["invite"]

    assert outbox.deliver(message.pk) is True

    assert runs == [("invite", "raw-token-123")]
    assert Message.objects.get(pk=message.pk).sealed == ""


def test_a_failure_undoes_the_tasks_writes_and_is_retried_later_with_a_longer_wait(settings):
    settings.OUTBOX_FIRST_RETRY_SECONDS = 60
    message = outbox.schedule(fail_after_writing, "flaky")
    waits = []
    for attempt in (1, 2, 3):
        before = timezone.now()
        assert outbox.deliver(message.pk) is False
        message.refresh_from_db()
        assert message.attempts == attempt
        assert message.delivered_at is None
        assert message.last_error == "ConnectionRefusedError: the mail server said no"
        waits.append(round((message.due_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4]
    assert not FieldOfStudy.objects.filter(code="t-flaky").exists()  # rolled back each time


def test_the_wait_between_retries_stops_growing_at_the_longest(settings):
    settings.OUTBOX_FIRST_RETRY_SECONDS = 60
    settings.OUTBOX_LONGEST_RETRY_SECONDS = 600
    message = outbox.schedule(fail_after_writing, "slow")
    Message.objects.filter(pk=message.pk).update(attempts=20)
    outbox.deliver(message.pk)
    message.refresh_from_db()
    assert timedelta(seconds=590) < message.due_at - timezone.now() <= timedelta(seconds=600)


def test_a_message_naming_no_known_task_waits_with_the_reason(runs):
    message = Message.objects.create(task="tests.outbox.test_messages.gone", arguments=[1])
    assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 1 and message.delivered_at is None
    assert message.last_error.startswith("NotRegistered")


def test_the_sweep_takes_what_is_due_oldest_first_and_leaves_the_rest(settings, runs):
    settings.OUTBOX_SWEEP_AFTER_SECONDS = 60
    first, second, fresh = (outbox.schedule(record, name) for name in ("a", "b", "fresh"))
    Message.objects.filter(pk=second.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    Message.objects.filter(pk=first.pk).update(due_at=timezone.now() - timedelta(minutes=1))

    assert outbox.drain() == 2

    assert runs == [("b", None), ("a", None)]
    fresh.refresh_from_db()
    assert fresh.delivered_at is None  # its on-commit offer comes first


def test_the_sweep_stops_when_its_time_is_spent(runs):
    for name in ("a", "b"):
        due_now(outbox.schedule(record, name))
    assert outbox.drain(budget_seconds=-1) == 0
    assert outbox.drain(budget_seconds=60) == 2


def test_the_sweep_forgets_delivered_messages_after_the_keeping_period(settings, runs):
    settings.OUTBOX_KEEP_DAYS = 30
    old, recent, waiting = (outbox.schedule(record, name) for name in ("old", "recent", "w"))
    for message in (old, recent):
        outbox.deliver(message.pk)
    Message.objects.filter(pk=old.pk).update(delivered_at=timezone.now() - timedelta(days=31))

    outbox.drain()

    assert set(Message.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_drain_outbox_delivers_what_is_due_or_with_all_everything(capsys, runs):
    due_now(outbox.schedule(record, "due"))
    outbox.schedule(record, "later")

    call_command("drain_outbox")
    assert capsys.readouterr().out.strip() == "1 delivered, 1 waiting"
    call_command("drain_outbox", "--all")
    assert capsys.readouterr().out.strip() == "1 delivered, 0 waiting"
    assert sorted(value for value, _secret in runs) == ["due", "later"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_one_message_at_once_send_it_once():
    """PostgreSQL's SKIP LOCKED: the second finds the row taken and moves on."""
    assert connection.vendor == "postgresql"
    # Written as schedule() does, without its offer (eager here: it would deliver at once).
    message = Message.objects.create(task=email_slowly.name, arguments=["once@example.org"])
    results = []

    def deliver():
        try:
            results.append(outbox.deliver(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False, True]
    assert [m.to for m in mail.outbox] == [["once@example.org"]]
    assert Message.objects.get(pk=message.pk).delivered_at is not None
