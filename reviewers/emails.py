"""Emails of the reviewer side, each in its recipient's language.

Reviewers and staff read their emails in the language they last chose on the site (their
UserProfile), or the site's default (Japanese) when they never chose one. Staff emails may
name reviewers; nothing here is ever sent to a provider.
"""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage

from accreditation import mail, notifications, roles

#: Failures worth trying again on the next run (SMTP errors and network failures).
DELIVERY_ERRORS = notifications.DELIVERY_ERRORS


def _people(queryset):
    return mail.with_email_language(queryset.filter(is_active=True).exclude(email="")).order_by(
        "pk"
    )


def reviewer_of(assignment):
    """The assignment's reviewer as a one-person queryset with `email_language`."""
    return _people(get_user_model().objects.filter(pk=assignment.reviewer.user_id))


def secretariat():
    """The secretariat's members, who hear of lapsed invitations and escalated reviews."""
    return _people(get_user_model().objects.filter(groups__name=roles.SECRETARIAT).distinct())


def render(template, context, language):
    """(subject, body) of `email/reviewers/<template>_{subject,body}.txt` in `language`."""
    return mail.render_email(
        f"email/reviewers/{template}", {**context, "language": language}, language
    )


def send(people, template, context, *, connection=None):
    """Email each person in their language; returns how many emails were sent."""
    rendered = {}
    sent = 0
    for person in people:
        language = person.email_language
        if language not in rendered:
            rendered[language] = render(template, context, language)
        subject, body = rendered[language]
        EmailMessage(subject, body, to=[person.email], connection=connection).send()
        sent += 1
    return sent
