"""Review rounds: each version accepted for review is a round; a resubmission opens the next.

The reviewers who submitted a review in the previous round know the dossier and what they
asked for, so they are invited again by default: the secretariat's "accept for review" form
of a resubmission carries a checkbox "invite the previous round's reviewers", checked. We
chose to invite at acceptance rather than only pre-select them in the picker because a
forgotten click would leave the new round without its natural reviewers, and the checkbox
keeps staff in control (unticked, nobody is invited; any invitation can still be handled
one by one in the reviews panel). Those no longer eligible today (accreditation lapsed, a new
conflict) are not invited and are named, with the others, in one audit event on the version
(staff-only: providers' timelines show only the dossier's own events).
"""

from django.db import transaction
from django.db.models import Max

from accreditation.access import require_perm
from accreditation.models import AuditEvent, DossierState
from accreditation.services import dossier_accept_for_review

from . import selectors, services
from .models import Assignment, AssignmentState, ReviewerProfile

#: The field of the desk's accept form.
FIELD = "invite_previous"


def _latest_number(dossier):
    return dossier.versions.aggregate(n=Max("number"))["n"]


def previous_round(dossier):
    """(version number, [reviewers who submitted]) of the latest round before the latest
    version that has submitted reviews; (None, []) when there is none. Two queries."""
    latest = _latest_number(dossier)
    submitted = Assignment.objects.filter(
        version__dossier=dossier, version__number__lt=latest or 0, state=AssignmentState.SUBMITTED
    )
    number = submitted.aggregate(n=Max("version__number"))["n"]
    if number is None:
        return None, []
    reviewers = ReviewerProfile.objects.filter(
        pk__in=submitted.filter(version__number=number).values("reviewer_id")
    ).select_related("user")
    return number, list(reviewers.order_by("user__last_name", "pk"))


def previously_reviewed_number(assignment):
    """The latest earlier version of the same dossier this reviewer reviewed, or None."""
    return Assignment.objects.filter(
        version__dossier_id=assignment.version.dossier_id,
        version__number__lt=assignment.version.number,
        reviewer_id=assignment.reviewer_id,
        state=AssignmentState.SUBMITTED,
    ).aggregate(n=Max("version__number"))["n"]


def accept_option(dossier):
    """What the accept form offers for a resubmission: {"number", "reviewers"}, or None."""
    if dossier.state != DossierState.SUBMITTED:
        return None
    number, reviewers = previous_round(dossier)
    if not reviewers:
        return None
    return {"field": FIELD, "number": number, "reviewers": reviewers}


@transaction.atomic
def invite_previous_reviewers(*, actor, dossier):
    """Invite, on the version now in review, the previous round's reviewers who are eligible
    today. Returns (invited, not eligible) as lists of reviewers."""
    require_perm(actor, "reviewers.add_assignment")
    number, reviewers = previous_round(dossier)
    if not reviewers:
        return [], []
    eligible = set(selectors.eligible_reviewers(dossier).values_list("pk", flat=True))
    invited = [r for r in reviewers if r.pk in eligible]
    skipped = [r for r in reviewers if r.pk not in eligible]
    for reviewer in invited:
        services.assignment_invite(actor=actor, dossier=dossier, reviewer=reviewer)
    version = dossier.versions.order_by("-number").first()
    note = f"v{number} → v{version.number}: " + (", ".join(map(str, invited)) or "—")
    if skipped:
        note += "\n× " + ", ".join(map(str, skipped))
    AuditEvent.record(
        action="round.invite_previous", actor=actor, subject=version, dossier=dossier, note=note
    )
    return invited, skipped


@transaction.atomic
def accept_for_review(*, actor, dossier, note="", invite_previous=False):
    """Accept the dossier for review and, if asked (the accept form's checkbox, ticked by
    default for a resubmission), invite the previous round's reviewers: one transaction, so
    a refused invitation leaves the dossier unaccepted. Returns (invited, not eligible)."""
    dossier = dossier_accept_for_review(actor=actor, dossier=dossier, note=note)
    if not invite_previous:
        return [], []
    return invite_previous_reviewers(actor=actor, dossier=dossier)
