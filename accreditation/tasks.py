import hmac

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accreditation import mail, notifications, services
from accreditation.models import Invitation
from accreditation.services.organisations import hash_token, invitation_problem


@shared_task
def expire_lapsed_accreditations():
    """Beat: expire items whose validity has ended. Safe to run any number of times."""
    return services.expire_lapsed()


@shared_task
def send_organisation_invitation(invitation_id, raw_token):
    """Email the invitation's link, in Japanese then English (the invitee may have no account,
    so no language preference is known). The raw token travels only sealed in the outbox
    message (erased once delivered) and in the email; it must match the stored hash. Nothing
    is sent for an invitation that can no longer be accepted, so a late run cannot mail a
    dead link."""
    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()
    if invitation is None or invitation_problem(invitation) is not None:
        return False
    if not hmac.compare_digest(invitation.token_hash, hash_token(raw_token)):
        return False
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "link": settings.SITE_URL + reverse("portal:invitation", args=[raw_token]),
    }
    # Bilingual: the wrapper renders the body in Japanese, then in English.
    subject = mail.one_line(render_to_string("email/organisation_invitation_subject.txt", context))
    body = render_to_string("email/organisation_invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return True


@shared_task
def send_event_email(event_id, recipient_id):
    """Email one provider member about an audit event (an outbox message: see
    notifications.notify_provider). A second run sends nothing."""
    return notifications.send_event_email(event_id, recipient_id)
