from celery import shared_task

from accreditation import notifications, services


@shared_task
def expire_lapsed_accreditations():
    """Beat: expire items whose validity has ended. Safe to run any number of times."""
    return services.expire_lapsed()


@shared_task(
    autoretry_for=notifications.DELIVERY_ERRORS,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=6,
)
def send_event_notifications(event_id):
    """Email the provider's members about an audit event. Sends each email once, whatever the
    number of runs: a retry only reaches those a failed run missed."""
    return notifications.send_event_notifications(event_id)
