"""Drive a dossier to any state of the workflow through the services, as people would.

Used by `seed_demo` and by tests that need a dossier in a given state with a real history.

A history is a *story*: a generator that takes each step through the services and, just before
each step, yields when it happens (None: straight after the previous one). Tests run a story
straight through with advance(): every step at once, every reviewer scoring 2, the cast's
committee member deciding. The demo (demo.history) runs many stories side by side on a
simulated clock (demo.clock), with a Plan that says when each step happens, what each reviewer
scores and what the committee decides.
"""

from dataclasses import dataclass, field

from accreditation import services
from accreditation.content import StandardField
from accreditation.models import DecisionOutcome, DossierState
from accreditation.services import revisions
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


RATIONALES = {
    DecisionOutcome.APPROVED: "全項目が基準を満たしている。All six fields meet the standard.",
    DecisionOutcome.REJECTED: "評価の透明性が不十分。Assessment is not transparent.",
    DecisionOutcome.REVISIONS_REQUESTED: "学習成果の具体化が必要。Outcomes must be specific.",
}


class Plan:
    """What the people of a story do, and when. This one acts at once: every reviewer scores
    every field `score`, recommends accordingly, and the cast's committee member decides with
    the usual rationale."""

    def __init__(self, score=2):
        self.score = score

    def when(self, step, dossier):
        """When `step` happens (an aware datetime), or None for straight away."""
        return None

    def reviewers(self, dossier, cast):
        """The reviewers invited to the version under review."""
        return cast.reviewers

    def review_times(self, assignment):
        """(when the reviewer accepts, when they submit), or (None, None) for at once."""
        return None, None

    def review(self, assignment):
        """({field: (score, comment)}, recommendation, confidential note) of one review."""
        comment = "" if self.score >= 2 else "根拠が不足。Evidence is missing."
        recommendation = Recommendation.APPROVE if self.score >= 2 else Recommendation.REVISE
        return dict.fromkeys(StandardField.values, (self.score, comment)), recommendation, ""

    def decider(self, dossier, cast):
        """The committee member who records the decision."""
        return cast.committee

    def decision(self, dossier, outcome):
        """The keyword arguments of dossier_decide beyond actor, dossier and outcome."""
        return {"rationale": RATIONALES[outcome]}

    def revision(self, dossier):
        """(new content, answer to each open comment) when the provider resubmits."""
        return dossier.content, "対応しました。Addressed in the new version."


def _submit(dossier, cast, plan):
    yield plan.when("submit", dossier)
    services.dossier_submit(actor=cast.provider, dossier=dossier)


def _accept(dossier, cast, plan):
    yield plan.when("accept_for_review", dossier)
    services.dossier_accept_for_review(actor=cast.secretariat, dossier=dossier)


def _review(dossier, cast, plan=None, *, score=2):
    """A review round: the secretariat invites the plan's reviewers, each accepts and submits
    a review when the plan says; the last one sends the dossier to the committee.

    Called as a plain function (`_review(dossier, cast)`), it runs the round at once."""
    if plan is None:
        run(_review(dossier, cast, Plan(score)))
        return None
    return _review_round(dossier, cast, plan)


def _review_round(dossier, cast, plan):
    yield plan.when("invite", dossier)
    assignments = [
        reviewer_services.assignment_invite(
            actor=cast.secretariat, dossier=dossier, reviewer=reviewer
        )
        for reviewer in plan.reviewers(dossier, cast)
    ]
    moments = []
    for order, assignment in enumerate(assignments):
        accept_at, submit_at = plan.review_times(assignment)
        moments += [(accept_at, order, 0, assignment), (submit_at, order, 1, assignment)]
    if all(moment[0] is not None for moment in moments):
        moments.sort(key=lambda moment: moment[:3])
    for when, _order, action, assignment in moments:
        yield when
        user = assignment.reviewer.user
        if action == 0:
            reviewer_services.assignment_accept(actor=user, assignment=assignment, no_conflict=True)
            continue
        scores, recommendation, note = plan.review(assignment)
        reviewer_services.review_save(
            actor=user,
            assignment=assignment,
            scores=scores,
            recommendation=recommendation,
            confidential_note=note,
        )
        reviewer_services.review_submit(actor=user, assignment=assignment)


def _decide(outcome):
    def step(dossier, cast, plan):
        yield plan.when("decide", dossier)
        services.dossier_decide(
            actor=plan.decider(dossier, cast),
            dossier=dossier,
            outcome=outcome,
            **plan.decision(dossier, outcome),
        )

    return step


def _revise(dossier, cast, plan):
    """The provider answers each comment of the revision request, edits, and resubmits."""
    yield plan.when("revise", dossier)
    content, answer = plan.revision(dossier)
    for comment in revisions.open_comments(dossier):
        revisions.revision_comment_answer(actor=cast.provider, comment=comment, answer=answer)
    services.dossier_update(actor=cast.provider, dossier=dossier, content=content)
    yield plan.when("resubmit", dossier)
    services.dossier_submit(actor=cast.provider, dossier=dossier)


def _note(service, actor_role, note, step_name):
    def step(dossier, cast, plan):
        yield plan.when(step_name, dossier)
        service(actor=getattr(cast, actor_role), dossier=dossier, note=note)

    return step


def _withdraw(dossier, cast, plan):
    yield plan.when("withdraw", dossier)
    services.dossier_withdraw(
        actor=cast.provider, dossier=dossier, reason="開講中止。Course cancelled."
    )


def _appeal(dossier, cast, plan):
    yield plan.when("appeal", dossier)
    services.dossier_appeal(
        actor=cast.provider, dossier=dossier, reasons="評価基準は公開済み。The rubric is published."
    )


def _expire(dossier, cast, plan):
    """The scheduler's expiry (services.expire_lapsed runs this for each lapsed item)."""
    yield plan.when("expire", dossier)
    services.dossier_expire(dossier=dossier)


_REVIEWED = [_submit, _accept, _review]
#: A revision round after review: the committee asks for changes, the provider answers them
#: and resubmits, the secretariat accepts the new version and the reviewers score it.
REVISION_ROUND = [_decide(DecisionOutcome.REVISIONS_REQUESTED), _revise, _accept, _review]

#: The path of a dossier accredited after one revision round.
ACCREDITED_AFTER_REVISION = [*_REVIEWED, *REVISION_ROUND, _decide(DecisionOutcome.APPROVED)]

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
        _note(
            services.dossier_suspend, "committee", "条件未達。A condition is overdue.", "suspend"
        ),
    ],
    S.EXPIRED: [*_REVIEWED, _decide(DecisionOutcome.APPROVED), _expire],
    S.REVOKED: [
        *_REVIEWED,
        _decide(DecisionOutcome.APPROVED),
        _note(
            services.dossier_revoke,
            "committee",
            "虚偽記載。False statements in the dossier.",
            "revoke",
        ),
    ],
    S.WITHDRAWN: [_submit, _withdraw],
}


def story(dossier, target, cast, plan=None, *, steps=None):
    """The history that takes a new draft to `target` along the usual path (or `steps`):
    a generator of the moment of each step (see the module's docstring)."""
    plan = plan or Plan()
    for step in STEPS[target] if steps is None else steps:
        yield from step(dossier, cast, plan)
        dossier.refresh_from_db()


def run(history):
    """Take every step of a story at once."""
    for _moment in history:
        pass


def advance(dossier, target, cast):
    """Take a new draft to `target` along the usual path, at once. Returns the refreshed
    dossier."""
    run(story(dossier, target, cast))
    return dossier
