"""The invitation link: accept or decline one assignment, once, before the response deadline.

The link carries a signed pair (assignment id, secret). The database keeps only the SHA-256
of the secret, the link's expiry (the end of the response day) and when it was used. The
secret is made by the email task and exists only in the email: not in the database, not in
the task's arguments (which take ids only). A link:

- is refused when tampered with (bad signature), when used on another assignment's address,
  or when its secret is not the one stored;
- works only for the invited reviewer, signed in: a forwarded link is useless to anyone else;
- works only while the invitation is open and unanswered, until the end of `respond_by`;
- does one thing: accept (with the conflict declaration) or decline this assignment. It does
  not sign anybody in.
"""

import hmac
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accreditation.errors import DomainError
from accreditation.models import DossierState
from accreditation.services.organisations import hash_token
from outbox.messages import schedule

from . import blind, emails, rounds, services
from .models import Assignment, AssignmentNotice, AssignmentState, NoticeKind

SALT = "reviewers.invitation-link"

#: How a refusal answers over HTTP: unknown links 404, someone else's 403, dead links 410.
HTTP_STATUS = {
    "link_invalid": 404,
    "link_forbidden": 403,
    "link_used": 410,
    "link_expired": 410,
    "link_closed": 410,
}


def end_of(day):
    """The first instant after `day` in the site's time zone: a deadline lasts the whole day."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def issue_token(assignment) -> str:
    """A new link token for the assignment; replaces (and so kills) any earlier one."""
    secret = secrets.token_urlsafe(32)
    assignment.token_hash = hash_token(secret)
    assignment.token_expires_at = end_of(assignment.respond_by)
    assignment.token_used_at = None
    assignment.save(update_fields=["token_hash", "token_expires_at", "token_used_at"])
    return signing.dumps([assignment.pk, secret], salt=SALT)


def link_url(assignment, token) -> str:
    return settings.SITE_URL + reverse("review:respond", args=[assignment.pk, token])


def _refuse(message, code):
    raise DomainError(message, code=code)


def _invalid_link():
    _refuse(_("This invitation link is not valid. Check that it was copied whole."), "link_invalid")


def _unsign(token):
    """(assignment id, secret) from a token, or a refusal if it was altered in any way."""
    try:
        assignment_pk, secret = signing.loads(token or "", salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        _invalid_link()
    if not isinstance(assignment_pk, int) or not isinstance(secret, str):
        _invalid_link()
    return assignment_pk, secret


def _state_problem(assignment, now):
    """Why a genuine link of the right reviewer no longer works, or None."""
    if assignment.token_used_at is not None or assignment.state in (
        AssignmentState.ACCEPTED,
        AssignmentState.DECLINED,
        AssignmentState.SUBMITTED,
    ):
        return _("This invitation has already been answered: the link works only once."), (
            "link_used"
        )
    if assignment.state == AssignmentState.CANCELLED:
        return _("The secretariat has withdrawn this invitation."), "link_closed"
    if assignment.state == AssignmentState.LAPSED or now >= assignment.token_expires_at:
        return _(
            "This invitation expired at the end of its response deadline (%(date)s). "
            "Contact the secretariat if you still wish to review."
        ) % {"date": date_format(assignment.respond_by)}, "link_expired"
    if assignment.version.dossier.state != DossierState.IN_REVIEW:
        return _("This dossier is no longer under review."), "link_closed"
    return None


def check_link(*, user, pk, token, lock=False) -> Assignment:
    """The assignment this link may answer, for this user, now; or a refusal (DomainError
    whose code is a key of HTTP_STATUS)."""
    assignment_pk, secret = _unsign(token)
    if assignment_pk != pk:
        _refuse(_("This link belongs to another invitation."), "link_invalid")
    queryset = Assignment.objects.select_related("reviewer__user", "version__dossier__organisation")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    assignment = queryset.filter(pk=pk).first()
    if assignment is None or not hmac.compare_digest(
        assignment.token_hash or "", hash_token(secret)
    ):
        _refuse(
            _("This invitation link is not valid or has been replaced by a newer one."),
            "link_invalid",
        )
    if not user.is_authenticated or assignment.reviewer.user_id != user.pk:
        _refuse(
            _(
                "This invitation was sent to another reviewer. Sign in with the account it "
                "was sent to."
            ),
            "link_forbidden",
        )
    problem = _state_problem(assignment, timezone.now())
    if problem:
        _refuse(*problem)
    return assignment


@transaction.atomic
def respond_by_link(
    *, user, pk, token, accept: bool, no_conflict=False, reason="", suggested_colleague=""
) -> Assignment:
    """Accept or decline through the link, which is then used up. A refused answer (no
    conflict declaration, no reason) changes nothing and leaves the link working."""
    assignment = check_link(user=user, pk=pk, token=token, lock=True)
    if accept:
        assignment = services.assignment_accept(
            actor=user, assignment=assignment, no_conflict=no_conflict
        )
    else:
        assignment = services.assignment_decline(
            actor=user,
            assignment=assignment,
            reason=reason,
            suggested_colleague=suggested_colleague,
        )
    assignment.token_used_at = timezone.now()
    assignment.save(update_fields=["token_used_at"])
    return assignment


def schedule_email(assignment):
    """Promise the invitation's email, in the transaction that invites (an outbox message)."""
    from .tasks import send_assignment_invitation

    schedule(send_assignment_invitation, assignment.pk)


def send_invitation(assignment_id) -> bool:
    """Email the reviewer their invitation link, once. The notice row, the token and the email
    share one transaction: a failed send leaves neither, and a second run sends nothing."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("reviewer__user", "version__dossier__organisation")
            .filter(pk=assignment_id)
            .first()
        )
        if assignment is None or assignment.state != AssignmentState.INVITED:
            return False
        if assignment.version.dossier.state != DossierState.IN_REVIEW:
            return False
        _notice, created = AssignmentNotice.objects.get_or_create(
            assignment=assignment, kind=NoticeKind.INVITATION
        )
        if not created:
            return False
        context = {
            "assignment": assignment,
            "version": assignment.version,
            "organisation": assignment.version.dossier.organisation,
            "provider_name": blind.provider_name_for_reviewer(
                assignment.version.dossier.organisation
            ),
            "link": link_url(assignment, issue_token(assignment)),
            "previous_number": rounds.previously_reviewed_number(assignment),
        }
        emails.send(emails.reviewer_of(assignment), "invitation", context)
    return True
