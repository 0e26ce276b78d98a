"""Reviewer use cases: accreditation of reviewers, invitations, answers, reviews. An
assignment's steps are taken as its table says (workflow.ASSIGNMENTS)."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm

from accreditation import roles
from accreditation import services as core
from accreditation.access import require_perm
from accreditation.content import StandardField
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, Dossier, DossierState
from accreditation.services.transitions import allow, apply_transition

from . import conflicts, scope, selectors
from .models import (
    ACTIVE,
    Assignment,
    AssignmentState,
    Recommendation,
    Review,
    ReviewerAccreditation,
    ReviewerProfile,
    ReviewScore,
    Rubric,
)
from .workflow import ASSIGNEE, ASSIGNMENTS

ASSIGNEE_PERMS = ["reviewers.view_assignment", ASSIGNEE]


def _lock_assignment(assignment):
    return (
        Assignment.objects.select_for_update()
        .select_related("reviewer__user", "version__dossier")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def reviewer_accredit(
    *,
    actor,
    user,
    fields_of_study,
    valid_from: date,
    valid_until: date,
    languages=("ja",),
    training_record: str = "",
    level_min=1,
    level_max=8,
) -> ReviewerAccreditation:
    """Accredit a person as a reviewer for a scope and a period (secretariat, or the system)."""
    if actor is not None:
        require_perm(actor, "reviewers.add_revieweraccreditation")
    if valid_until <= valid_from:
        raise DomainError(_("The accreditation must end after it starts."))
    profile, _created = ReviewerProfile.objects.get_or_create(user=user)
    accreditation = ReviewerAccreditation.objects.create(
        reviewer=profile,
        valid_from=valid_from,
        valid_until=valid_until,
        languages=list(languages),
        level_min=level_min,
        level_max=level_max,
        training_record=training_record,
        granted_by=actor,
    )
    accreditation.fields_of_study.set(fields_of_study)
    user.groups.add(Group.objects.get(name=roles.REVIEWER))
    AuditEvent.record(
        action="reviewer.accredit",
        actor=actor,
        subject=accreditation,
        note=f"{valid_from} – {valid_until}",
    )
    return accreditation


@transaction.atomic
def assignment_invite(
    *,
    actor,
    dossier: Dossier,
    reviewer: ReviewerProfile,
    respond_by: date | None = None,
    review_due: date | None = None,
    override_reason: str = "",
) -> Assignment:
    """Ask an eligible reviewer to review the version under review.

    Eligible: accredited today for the dossier's field, level and language (scope.covers),
    not a member of the provider organisation, not already on this version. A reviewer with an
    automatic conflict of interest (reviewers.conflicts) is refused unless staff give a reason,
    which is recorded.
    """
    require_perm(actor, "reviewers.add_assignment")
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state != DossierState.IN_REVIEW:
        raise DomainError(_("Reviewers are assigned once the dossier is in review."), code="state")
    today = timezone.localdate()
    out_of_scope = scope.reviewer_scope_problem(reviewer, dossier.content, today)
    if out_of_scope:
        raise DomainError(out_of_scope, code="ineligible")
    if not selectors.eligible_reviewers(dossier, today=today).filter(pk=reviewer.pk).exists():
        raise DomainError(_("This reviewer cannot be assigned to this dossier."), code="ineligible")
    found = conflicts.conflicts(reviewer, dossier, today)
    override_reason = (override_reason or "").strip()
    if found and not override_reason:
        raise DomainError(
            _("This reviewer has a conflict of interest. Give a reason to assign them anyway."),
            code="conflict",
            details=found,
        )
    respond_by = respond_by or today + timedelta(days=settings.REVIEW_RESPOND_DAYS)
    review_due = review_due or today + timedelta(days=settings.REVIEW_DUE_DAYS)
    if review_due < respond_by:
        raise DomainError(_("The review cannot be due before the response deadline."))
    version = dossier.versions.order_by("-number").first()
    assignment = Assignment.objects.create(
        version=version,
        reviewer=reviewer,
        respond_by=respond_by,
        review_due=review_due,
        invited_by=actor,
    )
    if found:
        _record_override(
            assignment, actor=actor, dossier=dossier, reason=override_reason, found=found
        )
    # The invitation itself: its title, summary and deadlines. The version (its content and
    # attachments) opens only on acceptance, with the no-conflict declaration.
    for perm in ASSIGNEE_PERMS:
        assign_perm(perm, reviewer.user, assignment)
    AuditEvent.record(
        action=ASSIGNMENTS.action("invite"),
        actor=actor,
        subject=assignment,
        dossier=dossier,
        to_state=assignment.state,
        note=str(reviewer),
    )
    from .invitations import schedule_email  # invitations use these services

    schedule_email(assignment)
    return assignment


def _record_override(assignment, *, actor, dossier, reason, found):
    """Who let a conflicted reviewer in, when and why; the audit keeps the conflicts too."""
    assignment.conflict_override_reason = reason
    assignment.conflict_override_by = actor
    assignment.conflict_override_at = timezone.now()
    assignment.save(
        update_fields=["conflict_override_reason", "conflict_override_by", "conflict_override_at"]
    )
    AuditEvent.record(
        action=ASSIGNMENTS.action("conflict_override"),
        actor=actor,
        subject=assignment,
        dossier=dossier,
        note=f"{reason} ({'; '.join(found)})",
    )


@transaction.atomic
def assignment_accept(*, actor, assignment: Assignment, no_conflict: bool) -> Assignment:
    """Accept, declaring no conflict of interest; opens a draft review on the current rubric."""
    assignment = _lock_assignment(assignment)
    allow(ASSIGNMENTS, assignment, "accept", actor=actor)
    if not no_conflict:
        raise DomainError(
            _("Confirm that you have no conflict of interest, or decline the invitation."),
            code="conflict",
        )
    apply_transition(
        ASSIGNMENTS,
        assignment,
        "accept",
        actor=actor,
        # Stored untranslated, shown in the reader's language (templates/includes/timeline.html).
        note=gettext_noop("No conflict of interest declared."),
        allowed=True,
        responded_at=timezone.now(),
    )
    assign_perm("accreditation.view_dossierversion", assignment.reviewer.user, assignment.version)
    _open_review(assignment)
    return assignment


def _open_review(assignment):
    rubric = Rubric.objects.latest()
    review = Review.objects.create(assignment=assignment, rubric=rubric)
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=criterion) for criterion in StandardField.values
    )
    return review


@transaction.atomic
def assignment_decline(
    *, actor, assignment: Assignment, reason: str, suggested_colleague: str = ""
) -> Assignment:
    """Decline with a reason (kept for the secretariat) and, optionally, a colleague to ask
    instead (free text)."""
    assignment = _lock_assignment(assignment)
    apply_transition(
        ASSIGNMENTS,
        assignment,
        "decline",
        actor=actor,
        note=reason,
        suggested_colleague=(suggested_colleague or "").strip(),
        responded_at=timezone.now(),
    )
    return assignment


@transaction.atomic
def assignment_lapse(*, assignment: Assignment) -> Assignment:
    """The response deadline passed unanswered: the system lapses the invitation (the
    reminders run it, with the notice that says so)."""
    apply_transition(
        ASSIGNMENTS,
        assignment,
        "lapse",
        actor=None,
        # Stored untranslated, shown in the reader's language.
        note=gettext_noop("No answer by the response deadline."),
    )
    return assignment


def _apply_scores(review, scores, recommendation, confidential_note):
    """Write the form's values onto the review. `scores` is {criterion: (score, comment)}."""
    by_criterion = {s.criterion: s for s in review.scores.all()}
    for criterion, (score, comment) in scores.items():
        if criterion not in by_criterion:
            raise DomainError(_("Unknown criterion."))
        if score is not None and not 0 <= int(score) <= 3:
            raise DomainError(_("Scores run from 0 to 3."))
        row = by_criterion[criterion]
        row.score = None if score is None else int(score)
        row.comment = (comment or "").strip()
    if recommendation and recommendation not in Recommendation.values:
        raise DomainError(_("Unknown recommendation."))
    ReviewScore.objects.bulk_update(by_criterion.values(), ["score", "comment"])
    review.recommendation = recommendation or ""
    review.confidential_note = (confidential_note or "").strip()
    review.save()


def _incomplete(rows, recommendation):
    problems = []
    labels = dict(StandardField.choices)
    for row in rows:
        if row.score is None:
            problems.append(_("Score “%(field)s”.") % {"field": labels[row.criterion]})
        elif row.score < 2 and not row.comment:
            problems.append(
                _("Explain the score below 2 for “%(field)s”.") % {"field": labels[row.criterion]}
            )
    if not recommendation:
        problems.append(_("Give an overall recommendation."))
    return problems


def _open_review_for(actor, assignment):
    """Lock the assignment's dossier and assignment; check the review can still change."""
    dossier = Dossier.objects.select_for_update().get(pk=assignment.version.dossier_id)
    assignment = _lock_assignment(assignment)
    require_perm(actor, ASSIGNEE, assignment)
    if assignment.state != AssignmentState.ACCEPTED:
        raise DomainError(_("Only an accepted assignment can be reviewed."), code="state")
    if assignment.review.is_locked:
        raise DomainError(_("This review has been submitted and is locked."), code="state")
    if dossier.state != DossierState.IN_REVIEW:
        raise DomainError(_("This dossier is no longer under review."), code="state")
    return dossier, assignment


@transaction.atomic
def review_save(
    *,
    actor,
    assignment: Assignment,
    scores: dict,
    recommendation: str = "",
    confidential_note: str = "",
) -> Review:
    """Save the review as a draft: partial scores are fine. `scores` maps each standard
    field to `(score or None, comment)`."""
    _dossier, assignment = _open_review_for(actor, assignment)
    _apply_scores(assignment.review, scores, recommendation, confidential_note)
    return assignment.review


@transaction.atomic
def review_submit(*, actor, assignment: Assignment) -> Review:
    """Submit the saved review: it must be complete; then it is locked and, when it is the
    last review the version waits for, the dossier moves on to the committee."""
    dossier, assignment = _open_review_for(actor, assignment)
    review = assignment.review
    problems = _incomplete(review.scores.all(), review.recommendation)
    if problems:
        raise DomainError(_("The review is not complete."), code="incomplete", details=problems)
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at", "updated_at"])
    # _open_review_for has checked the assignee's permission, as saving a draft needs it too.
    apply_transition(ASSIGNMENTS, assignment, "submit_review", actor=actor, allowed=True)
    if _all_reviews_in(assignment.version):
        core.dossier_complete_reviews(dossier=dossier)
    return review


def _all_reviews_in(version):
    """Enough reviews are in (REVIEWS_REQUIRED) and no active reviewer is still working."""
    states = list(version.assignments.filter(state__in=ACTIVE).values_list("state", flat=True))
    submitted = states.count(AssignmentState.SUBMITTED)
    return submitted >= settings.REVIEWS_REQUIRED and submitted == len(states)
