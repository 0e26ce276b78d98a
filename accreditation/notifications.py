"""Emails to providers about their dossiers, one per audit event and member, in their language.

A service that records a provider-facing event calls `notify_provider(event)`, which writes one
outbox message per member in the same transaction (outbox/): the emails cannot be lost once
the change commits, whatever the broker does. The Notification row of (event, recipient) is
what makes sending idempotent: it is written in the transaction that sends the email, so a
second delivery sends nothing twice, and a failed send leaves no row behind.

Emails never name who acted: the accreditation body speaks by role (the secretariat, the
committee, the system: see workflow.acting_role), so that reviewer and staff identities
cannot reach a provider. The language of each email is the one the person last chose on the
site, kept in their UserProfile by the language switcher and at sign-up and sign-in (the
functions at the end).
"""

from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation

from outbox.messages import schedule

from . import mail, workflow
from .models import AuditEvent, DossierState, Notification, UserProfile

#: Failures worth a retry: SMTP errors and network failures are all OSErrors.
DELIVERY_ERRORS = (SMTPException, OSError)


def notify_provider(event):
    """Promise an email about `event` to each of the provider's members, if they should hear
    of it: one outbox message per member, written in the caller's transaction."""
    if event.action not in workflow.PROVIDER_FACING_ACTIONS or event.dossier_id is None:
        return
    from .tasks import send_event_email  # tasks import the services, which import us

    organisation_id = event.dossier.organisation_id
    for recipient_id in recipients(organisation_id).values_list("pk", flat=True):
        schedule(send_event_email, event.pk, recipient_id)


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
        if event.action in workflow.NOTE_FOR_PROVIDER_ACTIONS and event.note:
            # System notes are stored as English msgids, shown in the reader's language.
            note = translation.gettext(event.note)
        context = {
            "title": dossier.title(language) or f"#{dossier.pk}",
            "organisation": dossier.organisation.name,
            "action": event.get_action_display(),
            "acted_by": workflow.acting_role(event.action),
            "state": DossierState(event.to_state or dossier.state).label,
            "note": note,
            "when": event.created_at,
            "portal_url": settings.SITE_URL + dossier.get_portal_url(),
        }
    return mail.render_email("email/dossier_event", context, language)


def send_event_email(event_id, recipient_id) -> bool:
    """Email one member about an audit event, in their language, once: the Notification row
    is written in the transaction that sends, so a second run sends nothing, and a failed
    send (raised, for the outbox to retry) leaves no row. Someone who has since left the
    organisation or lost their address gets nothing. Returns whether an email went out."""
    event = AuditEvent.objects.select_related("dossier__organisation").filter(pk=event_id).first()
    if event is None or event.dossier is None:
        return False
    if event.action not in workflow.PROVIDER_FACING_ACTIONS:
        return False
    recipient = recipients(event.dossier.organisation_id).filter(pk=recipient_id).first()
    if recipient is None:
        return False
    language = recipient.email_language
    subject, body = render_message(event, language)
    with transaction.atomic():
        _notification, created = Notification.objects.get_or_create(
            event=event,
            recipient=recipient,
            defaults={"language": language, "subject": subject[:300]},
        )
        if created:
            EmailMessage(subject, body, to=[recipient.email]).send()
    return created


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
