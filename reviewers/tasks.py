"""Celery tasks of the reviewer side: accreditation reminders and applicants' emails,
assignment invitations, deadline reminders. They take ids and are safe to run again. The
emails a change promises are outbox messages (outbox/), retried by the outbox; the reminders
are sweeps of their own, run by beat, that send what is due and not yet recorded as sent."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.http import urlencode

from accreditation import mail
from accreditation.notifications import DELIVERY_ERRORS

from . import expiry, invitations, reminders
from .models import ApplicationState, ReviewerApplication


@shared_task(autoretry_for=DELIVERY_ERRORS, retry_backoff=True, max_retries=6)
def send_accreditation_reminders():
    """Beat: remind reviewers whose accreditation ends soon. Each reminder is sent once."""
    return expiry.send_accreditation_reminders()


@shared_task
def send_apply_invitation(email, token):
    """Email a staff invitation to apply as a reviewer, in Japanese then English (the person
    may have no account yet, so no language is known). An outbox message, the token sealed."""
    link = settings.SITE_URL + reverse("review:apply") + "?" + urlencode({"invitation": token})
    context = {"link": link, "days": settings.REVIEWER_APPLY_INVITATION_DAYS}
    subject, body = mail.render_email("email/reviewer_apply_invitation", context)
    send_mail(subject, body, None, [email])
    return True


@shared_task
def send_application_outcome(application_id):
    """Tell the applicant the decision on their application, in their language."""
    application = (
        ReviewerApplication.objects.select_related("applicant", "accreditation")
        .filter(pk=application_id)
        .exclude(state=ApplicationState.PENDING)
        .first()
    )
    if application is None or not application.applicant.email:
        return False
    context = {
        "application": application,
        "accepted": application.state == ApplicationState.ACCEPTED,
        "queue_url": settings.SITE_URL + reverse("review:queue"),
    }
    subject, body = mail.render_email(
        "email/reviewer_application_outcome", context, mail.language_of(application.applicant)
    )
    send_mail(subject, body, None, [application.applicant.email])
    return True


@shared_task
def send_assignment_invitation(assignment_id):
    """Email the invitation link; a second run sends nothing (see invitations.send_invitation)."""
    return invitations.send_invitation(assignment_id)


@shared_task
def send_review_reminders(today=None):
    """Beat, daily: reminders and escalations of both deadlines, each sent once. `today` (an
    ISO date) lets a run be replayed for a given day."""
    day = date.fromisoformat(today) if isinstance(today, str) else today
    return reminders.send_review_reminders(day)
