"""Emails to providers about their dossiers, one per audit event and member, in their language.

A service that records a provider-facing event calls `notify_provider_on_commit(event)`; once the
transaction commits, a Celery task sends the emails. The Notification row of (event, recipient)
is what makes sending idempotent: it is written in the transaction that sends the email, so a
retry or a second run of the task sends nothing twice, and a failed send leaves no row behind.

Emails never name who acted: the accreditation body speaks by role (the secretariat, the
committee, the system: see acting_roles), so that reviewer and staff identities cannot reach
a provider. The language of each email is the one the person last chose on the site, kept in
their UserProfile by the language switcher and at sign-up and sign-in (the functions at the end).
"""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation

from . import mail
from .acting_roles import acting_role
from .models import AuditEvent, DossierState, Notification, UserProfile

logger = logging.getLogger(__name__)

#: The audit actions a provider's members are emailed about. Reviewer-side actions
#: (assignment.*) and internal steps (dossier.complete_reviews) are deliberately absent.
PROVIDER_FACING_ACTIONS = frozenset(
    {
        "dossier.submit",
        "dossier.resubmit",
        "dossier.accept_for_review",
        "dossier.screen_out",
        "dossier.return_to_provider",
        "dossier.approve",
        "dossier.request_revisions",
        "dossier.reject",
        "dossier.appeal",
        "dossier.reopen_review",
        "dossier.suspend",
        "dossier.reinstate",
        "dossier.expire",
        "dossier.revoke",
        "dossier.withdraw",
        "dossier.renew",
    }
)

#: Actions whose note is written for the provider (a decision's rationale, the reason for a
#: return or a suspension...). The notes of the others are bookkeeping ("v2", "→ #12").
NOTE_FOR_PROVIDER_ACTIONS = PROVIDER_FACING_ACTIONS - {
    "dossier.submit",
    "dossier.resubmit",
    "dossier.renew",
}

#: Failures worth a retry: SMTP errors and network failures are all OSErrors.
DELIVERY_ERRORS = (SMTPException, OSError)


def notify_provider_on_commit(event):
    """Schedule the emails of `event` for after the commit, if the provider should hear of it."""
    if event.action not in PROVIDER_FACING_ACTIONS or event.dossier_id is None:
        return
    from .tasks import send_event_notifications  # tasks import the services, which import us

    event_id = event.pk
    # robust: the change is committed whatever happens; a broker that is down must not turn
    # the provider's successful action into an error page (the failure is logged).
    transaction.on_commit(lambda: send_event_notifications.delay(event_id), robust=True)


def recipients(organisation_id):
    """The organisation's active members (every role) with an email, each with the language
    to write to them in as `email_language`. API-token users are machines: left out. One query."""
    members = get_user_model().objects.filter(
        memberships__organisation_id=organisation_id, is_active=True, api_token__isnull=True
    )
    return mail.with_email_language(members.exclude(email="")).order_by("pk")


def render_message(event, language):
    """(subject, body) of the email about `event`, in `language`."""
    dossier = event.dossier
    with translation.override(language):
        note = ""
        if event.action in NOTE_FOR_PROVIDER_ACTIONS and event.note:
            # System notes are stored as English msgids, shown in the reader's language.
            note = translation.gettext(event.note)
        context = {
            "title": dossier.title(language) or f"#{dossier.pk}",
            "organisation": dossier.organisation.name,
            "action": event.get_action_display(),
            "acted_by": acting_role(event.action),
            "state": DossierState(event.to_state or dossier.state).label,
            "note": note,
            "when": event.created_at,
            "portal_url": settings.SITE_URL + dossier.get_portal_url(),
        }
    return mail.render_email("email/dossier_event", context, language)


def send_event_notifications(event_id):
    """Email every recipient of the event once, in their language. Returns how many were sent.

    Each recipient has their own transaction: the Notification row is created first and the
    email sent inside it, so a recipient already served is skipped and a failed send rolls its
    row back. A failure does not stop the others; the first one is raised at the end, so the
    task is retried for those it missed.
    """
    event = AuditEvent.objects.select_related("dossier__organisation").filter(pk=event_id).first()
    if event is None or event.dossier is None or event.action not in PROVIDER_FACING_ACTIONS:
        return 0
    messages = {}
    sent = 0
    failure = None
    with get_connection() as connection:
        for recipient in recipients(event.dossier.organisation_id):
            language = recipient.email_language
            if language not in messages:
                messages[language] = render_message(event, language)
            subject, body = messages[language]
            try:
                with transaction.atomic():
                    _notification, created = Notification.objects.get_or_create(
                        event=event,
                        recipient=recipient,
                        defaults={"language": language, "subject": subject[:300]},
                    )
                    if created:
                        EmailMessage(
                            subject, body, to=[recipient.email], connection=connection
                        ).send()
                        sent += 1
            except DELIVERY_ERRORS as error:
                logger.warning(
                    "Email about event %s to user %s failed", event_id, recipient.pk, exc_info=True
                )
                failure = failure or error
    if failure is not None:
        raise failure
    return sent


def remember_language(user, language):
    """Keep the language a signed-in person chose: their emails are written in it."""
    if not getattr(user, "is_authenticated", False) or language not in dict(settings.LANGUAGES):
        return
    UserProfile.objects.update_or_create(user=user, defaults={"language": language})


def remember_language_at_sign_up(sender, request, user, **kwargs):
    """allauth's user_signed_up: start with the language the person signed up in."""
    remember_language(user, translation.get_language())


def apply_language_at_login(sender, request, response, user, **kwargs):
    """allauth's user_logged_in: the site speaks the language the person last chose, on any
    device. Someone who never chose one keeps the page's language, which is remembered."""
    language = UserProfile.objects.filter(user=user).values_list("language", flat=True).first()
    if language is None:  # never chose: remember the page's language (not the default)
        remember_language(user, translation.get_language())
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
