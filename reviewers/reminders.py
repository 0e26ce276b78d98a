"""Reminders about the two deadlines of an assignment, each sent once (Celery beat, daily).

- respond_soon: from 2 days before respond_by to respond_by, while invited: the reviewer is
  reminded.
- respond_lapsed: from the day after respond_by, while invited: the invitation lapses and the
  secretariat is told.
- review_soon: from 3 days before review_due to review_due, while accepted: the reviewer is
  reminded.
- review_overdue: 1 to 6 days after review_due, while accepted: the reviewer is told.
- review_escalated: from 7 days after review_due, while accepted: the secretariat is told.

A window rather than a single day: a day the scheduler missed is caught up the next day, and
a reminder whose moment has passed (a "soon" after the deadline) is not sent late. An
AssignmentNotice row per (assignment, kind), written in the transaction that sends, makes
each go out once however often the task runs. Nothing is sent for an assignment that was
cancelled, declined, submitted or lapsed, nor once its dossier has left review (decision,
withdrawal) or moved on to a newer version.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from accreditation.models import DossierState, DossierVersion

from . import blind, emails, services
from .models import Assignment, AssignmentNotice, AssignmentState, NoticeKind

logger = logging.getLogger(__name__)
A = AssignmentState
K = NoticeKind


@dataclass(frozen=True)
class Rule:
    kind: str
    state: str  # the assignment state it applies to
    deadline: str  # "respond_by" or "review_due"
    start: int  # first day, relative to the deadline
    end: int | None  # last day (None: no end)
    template: str
    to_staff: bool = False


RULES = [
    Rule(K.RESPOND_SOON, A.INVITED, "respond_by", -2, 0, "respond_soon"),
    Rule(K.RESPOND_LAPSED, A.INVITED, "respond_by", 1, None, "respond_lapsed", to_staff=True),
    Rule(K.REVIEW_SOON, A.ACCEPTED, "review_due", -3, 0, "review_soon"),
    Rule(K.REVIEW_OVERDUE, A.ACCEPTED, "review_due", 1, 6, "review_overdue"),
    Rule(K.REVIEW_ESCALATED, A.ACCEPTED, "review_due", 7, None, "review_escalated", True),
]


def applies(rule, assignment, today):
    if assignment.state != rule.state:
        return False
    offset = (today - getattr(assignment, rule.deadline)).days
    return offset >= rule.start and (rule.end is None or offset <= rule.end)


def _open_assignments():
    """Invited or accepted assignments on the version under review of a dossier in review."""
    latest = (
        DossierVersion.objects.filter(dossier=OuterRef("version__dossier"))
        .values("dossier")
        .annotate(n=Max("number"))
        .values("n")
    )
    return (
        Assignment.objects.filter(
            state__in=[A.INVITED, A.ACCEPTED],
            version__dossier__state=DossierState.IN_REVIEW,
            version__number=Subquery(latest),
        )
        .select_related("reviewer__user", "version__dossier__organisation")
        .prefetch_related("notices")
        .order_by("pk")
    )


def due(today):
    """[(rule, assignment)] of the reminders to send `today` that have not been sent."""
    result = []
    for assignment in _open_assignments():
        sent = {notice.kind for notice in assignment.notices.all()}
        result.extend(
            (rule, assignment)
            for rule in RULES
            if rule.kind not in sent and applies(rule, assignment, today)
        )
    return result


def _context(assignment):
    return {
        "assignment": assignment,
        "version": assignment.version,
        "organisation": assignment.version.dossier.organisation,
        # Reviewers' emails name the provider only as blind review allows; staff's may.
        "provider_name": blind.provider_name_for_reviewer(assignment.version.dossier.organisation),
        "reviewer": assignment.reviewer,
        "assignment_url": settings.SITE_URL + reverse("review:assignment", args=[assignment.pk]),
        "desk_url": settings.SITE_URL + assignment.version.dossier.get_desk_url(),
    }


def send_one(rule, assignment_id, today, connection=None) -> bool:
    """Send one reminder in its own transaction, checking again under lock that it is due
    and unsent. The lapse (for respond_lapsed) happens in the same transaction."""
    with transaction.atomic():
        assignment = (
            _open_assignments()
            .select_for_update(of=("self",))
            .prefetch_related(None)
            .filter(pk=assignment_id)
            .first()
        )
        if assignment is None or not applies(rule, assignment, today):
            return False
        _notice, created = AssignmentNotice.objects.get_or_create(
            assignment=assignment, kind=rule.kind
        )
        if not created:
            return False
        if rule.kind == K.RESPOND_LAPSED:
            services.assignment_lapse(assignment=assignment)
        people = emails.secretariat() if rule.to_staff else emails.reviewer_of(assignment)
        emails.send(people, rule.template, _context(assignment), connection=connection)
    return True


def send_review_reminders(today=None) -> dict:
    """Send every reminder due `today` (default: the local date), once. Returns how many of
    each kind were sent. A failed send is logged and retried on the next run."""
    today = today or timezone.localdate()
    counts = {}
    with get_connection() as connection:
        for rule, assignment in due(today):
            try:
                sent = send_one(rule, assignment.pk, today, connection)
            except emails.DELIVERY_ERRORS:
                logger.warning(
                    "Reminder %s for assignment %s failed", rule.kind, assignment.pk, exc_info=True
                )
                continue
            if sent:
                counts[rule.kind] = counts.get(rule.kind, 0) + 1
    return counts
