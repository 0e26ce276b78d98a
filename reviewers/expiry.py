"""Reminders before a reviewer accreditation ends, each sent once (Celery beat, hourly).

Thresholds are REVIEWER_ACCREDITATION_REMINDER_DAYS (60 and 14 days). On any day an
accreditation is due the reminder of the smallest threshold it has reached: one that ends in
50 days gets the 60-day reminder, in 10 days the 14-day one. Looking at "reached" rather than
"exactly N days before" means a day the scheduler missed is caught up the next run, and an
accreditation granted with 10 days left is not sent a stale 60-day reminder.

The AccreditationReminder row (accreditation, end date, threshold) is written in the
transaction that sends the email, as notifications do for providers: a second run sends
nothing twice, a failed send leaves no row and is tried again. A renewal moves the end date,
so the new period earns its own reminders.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accreditation import mail
from accreditation.notifications import DELIVERY_ERRORS

from .models import AccreditationReminder, ReviewerAccreditation

logger = logging.getLogger(__name__)


def reached_threshold(accreditation, today, thresholds):
    """The smallest threshold (days) the accreditation's end is within, or None."""
    left = (accreditation.valid_until - today).days
    reached = [days for days in thresholds if 0 <= left <= days]
    return min(reached, default=None)


def due_accreditations(today, thresholds):
    """Accreditations valid today that end within the largest threshold, with the reviewer and
    the language to write in (`email_language`). One query."""
    due = ReviewerAccreditation.objects.filter(
        valid_from__lte=today,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=max(thresholds)),
        reviewer__user__is_active=True,
    ).exclude(reviewer__user__email="")
    return (
        mail.with_email_language(due, "reviewer__user__profile")
        .select_related("reviewer__user")
        .order_by("valid_until", "pk")
    )


def render_reminder(accreditation, language, today):
    context = {
        "name": str(accreditation.reviewer),
        "valid_until": accreditation.valid_until,
        "days_left": (accreditation.valid_until - today).days,
        "queue_url": settings.SITE_URL + reverse("review:queue"),
    }
    return mail.render_email("email/reviewer_accreditation_reminder", context, language)


def send_accreditation_reminders(*, today=None):
    """Send every reminder due today that was not sent yet. Returns how many were sent; the
    first delivery failure is raised at the end, after the others were tried."""
    today = today or timezone.localdate()
    thresholds = settings.REVIEWER_ACCREDITATION_REMINDER_DAYS
    already = set(
        AccreditationReminder.objects.filter(valid_until__gte=today).values_list(
            "accreditation_id", "valid_until", "days_before"
        )
    )
    sent, failure = 0, None
    with get_connection() as connection:
        for accreditation in due_accreditations(today, thresholds):
            days = reached_threshold(accreditation, today, thresholds)
            if days is None or (accreditation.pk, accreditation.valid_until, days) in already:
                continue
            try:
                sent += _send_one(accreditation, days, today, connection)
            except DELIVERY_ERRORS as error:
                logger.warning(
                    "Reminder for reviewer accreditation %s failed", accreditation.pk, exc_info=True
                )
                failure = failure or error
    if failure is not None:
        raise failure
    return sent


def _send_one(accreditation, days, today, connection):
    """Record and send one reminder in one transaction; 0 if another run got there first."""
    language = accreditation.email_language
    subject, body = render_reminder(accreditation, language, today)
    try:
        with transaction.atomic():
            AccreditationReminder.objects.create(
                accreditation=accreditation,
                valid_until=accreditation.valid_until,
                days_before=days,
                language=language,
            )
            EmailMessage(
                subject, body, to=[accreditation.reviewer.user.email], connection=connection
            ).send()
    except IntegrityError:
        return 0
    return 1
