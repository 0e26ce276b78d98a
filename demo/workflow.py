"""Drive a dossier to any state of the workflow through the services, as people would.

Used by `seed_demo` and by tests that need a dossier in a given state with a real history.
"""

from dataclasses import dataclass, field

from accreditation import services
from accreditation.content import StandardField
from accreditation.models import DecisionOutcome, DossierState
from reviewers import services as reviewer_services
from reviewers.models import Recommendation

S = DossierState


@dataclass
class Cast:
    """The people who act on a dossier: one provider editor, the staff, the reviewers."""

    provider: object
    secretariat: object
    committee: object
    reviewers: list = field(default_factory=list)


def _submit(dossier, cast):
    services.dossier_submit(actor=cast.provider, dossier=dossier)


def _accept(dossier, cast):
    services.dossier_accept_for_review(actor=cast.secretariat, dossier=dossier)


def _review(dossier, cast, score=2):
    assignments = [
        reviewer_services.assignment_invite(
            actor=cast.secretariat, dossier=dossier, reviewer=reviewer
        )
        for reviewer in cast.reviewers
    ]
    comment = "" if score >= 2 else "根拠が不足。Evidence is missing."
    for assignment in assignments:
        user = assignment.reviewer.user
        reviewer_services.assignment_accept(actor=user, assignment=assignment, no_conflict=True)
        reviewer_services.review_save(
            actor=user,
            assignment=assignment,
            scores=dict.fromkeys(StandardField.values, (score, comment)),
            recommendation=Recommendation.APPROVE if score >= 2 else Recommendation.REVISE,
        )
        reviewer_services.review_submit(actor=user, assignment=assignment)


RATIONALES = {
    DecisionOutcome.APPROVED: "全項目が基準を満たしている。All six fields meet the standard.",
    DecisionOutcome.REJECTED: "評価の透明性が不十分。Assessment is not transparent.",
    DecisionOutcome.REVISIONS_REQUESTED: "学習成果の具体化が必要。Outcomes must be specific.",
}


def _decide(outcome):
    def step(dossier, cast):
        services.dossier_decide(
            actor=cast.committee, dossier=dossier, outcome=outcome, rationale=RATIONALES[outcome]
        )

    return step


def _note(service, actor_role, note):
    def step(dossier, cast):
        service(actor=getattr(cast, actor_role), dossier=dossier, note=note)

    return step


def _withdraw(dossier, cast):
    services.dossier_withdraw(
        actor=cast.provider, dossier=dossier, reason="開講中止。Course cancelled."
    )


def _appeal(dossier, cast):
    services.dossier_appeal(
        actor=cast.provider, dossier=dossier, reasons="評価基準は公開済み。The rubric is published."
    )


def _expire(dossier, cast):
    services.dossier_expire(dossier=dossier)


_REVIEWED = [_submit, _accept, _review]

STEPS = {
    S.DRAFT: [],
    S.SUBMITTED: [_submit],
    S.IN_REVIEW: [_submit, _accept],
    S.AWAITING_DECISION: _REVIEWED,
    S.REVISION_REQUESTED: [*_REVIEWED, _decide(DecisionOutcome.REVISIONS_REQUESTED)],
    S.ACCREDITED: [*_REVIEWED, _decide(DecisionOutcome.APPROVED)],
    S.REJECTED: [*_REVIEWED, _decide(DecisionOutcome.REJECTED)],
    S.APPEALED: [*_REVIEWED, _decide(DecisionOutcome.REJECTED), _appeal],
    S.SUSPENDED: [
        *_REVIEWED,
        _decide(DecisionOutcome.APPROVED),
        _note(services.dossier_suspend, "committee", "条件未達。A condition is overdue."),
    ],
    S.EXPIRED: [*_REVIEWED, _decide(DecisionOutcome.APPROVED), _expire],
    S.REVOKED: [
        *_REVIEWED,
        _decide(DecisionOutcome.APPROVED),
        _note(services.dossier_revoke, "committee", "虚偽記載。False statements in the dossier."),
    ],
    S.WITHDRAWN: [_submit, _withdraw],
}


def advance(dossier, target, cast):
    """Take a new draft to `target` along the usual path. Returns the refreshed dossier."""
    for step in STEPS[target]:
        step(dossier, cast)
        dossier.refresh_from_db()
    return dossier
