from celery import shared_task

from accreditation import services


@shared_task
def expire_lapsed_accreditations():
    """Beat: expire items whose validity has ended. Safe to run any number of times."""
    return services.expire_lapsed()
