"""Celery tasks of the reviewer side; they take ids and are safe to run any number of times."""

from datetime import date

from celery import shared_task

from . import emails, invitations, reminders


@shared_task(
    autoretry_for=emails.DELIVERY_ERRORS,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=6,
)
def send_assignment_invitation(assignment_id):
    """Email the invitation link; a second run sends nothing (see invitations.send_invitation)."""
    return invitations.send_invitation(assignment_id)


@shared_task
def send_review_reminders(today=None):
    """Beat, daily: reminders and escalations of both deadlines, each sent once. `today` (an
    ISO date) lets a run be replayed for a given day."""
    day = date.fromisoformat(today) if isinstance(today, str) else today
    return reminders.send_review_reminders(day)
