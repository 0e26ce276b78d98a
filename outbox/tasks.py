from celery import shared_task

from . import messages


@shared_task
def deliver(message_id):
    """Offered on commit: deliver one message (a no-op if it is delivered already)."""
    return messages.deliver(message_id)


@shared_task
def drain():
    """Beat, every minute: deliver what the broker or a worker lost, and what is due again."""
    return messages.drain(budget_seconds=50)
