"""Assignment and review use cases: eligibility, answers, scoring, completion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accreditation import standard
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, Dossier, DossierState, MemberRole
from accreditation.services import membership_add
from demo.workflow import advance
from reviewers import selectors, services
from reviewers.models import Assignment, AssignmentState
from tests.accreditation.factories import dossier as make_dossier
from tests.reviewers.factories import accredited_reviewer

pytestmark = pytest.mark.django_db
S = DossierState
A = AssignmentState
FIELDS = ["purpose", "learning_hours", "content", "level", "assessment", "learning_outcomes"]


@pytest.fixture
def in_review(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    return advance(dossier, S.IN_REVIEW, people.cast())


def invite(people, dossier, reviewer):
    return services.assignment_invite(actor=people.secretariat, dossier=dossier, reviewer=reviewer)


def accept(reviewer, assignment):
    return services.assignment_accept(actor=reviewer.user, assignment=assignment, no_conflict=True)


def full_scores(score=2, comment=""):
    return dict.fromkeys(FIELDS, (score, comment))


def review(reviewer, assignment, score=2, recommendation="approve"):
    """Save a complete review and submit it."""
    services.review_save(
        actor=reviewer.user,
        assignment=assignment,
        scores=full_scores(score),
        recommendation=recommendation,
    )
    return services.review_submit(actor=reviewer.user, assignment=assignment)


def test_eligible_reviewers_are_accredited_today_for_the_field_and_independent(people, in_review):
    today = timezone.localdate()
    lapsed = accredited_reviewer(
        valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1)
    )
    future = accredited_reviewer(
        valid_from=today + timedelta(days=1), valid_until=today + timedelta(days=400)
    )
    wrong_field = accredited_reviewer(fields=("health_welfare",))
    insider = accredited_reviewer()
    membership_add(actor=None, organisation=people.org_a, user=insider.user, role=MemberRole.VIEWER)

    eligible = set(selectors.eligible_reviewers(in_review))

    assert eligible == {people.reviewer, people.second_reviewer}
    assert not eligible & {lapsed, future, wrong_field, insider}


def test_eligible_reviewers_leave_out_those_already_assigned_and_rank_by_load(people, in_review):
    busy_elsewhere = make_dossier(people.org_b, author=people.provider_b)
    advance(busy_elsewhere, S.IN_REVIEW, people.cast(provider=people.provider_b))
    invite(people, busy_elsewhere, people.reviewer)

    ranked = list(selectors.eligible_reviewers(in_review))
    assert ranked == [people.second_reviewer, people.reviewer]
    assert [r.load for r in ranked] == [0, 1]

    invite(people, in_review, people.second_reviewer)
    assert list(selectors.eligible_reviewers(in_review)) == [people.reviewer]


def test_inviting_an_ineligible_reviewer_is_refused_and_changes_nothing(people, in_review):
    wrong_field = accredited_reviewer(fields=("arts",))
    with pytest.raises(DomainError) as refused:
        invite(people, in_review, wrong_field)
    assert refused.value.code == "ineligible"
    assert not Assignment.objects.exists()


def test_only_the_secretariat_invites_and_only_in_review(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    with pytest.raises(DomainError) as refused:
        invite(people, dossier, people.reviewer)
    assert refused.value.code == "state"
    advance(dossier, S.IN_REVIEW, people.cast())
    for actor in (people.committee, people.provider_a, people.reviewer.user):
        with pytest.raises(DomainError) as refused:
            services.assignment_invite(actor=actor, dossier=dossier, reviewer=people.reviewer)
        assert refused.value.code == "forbidden"
    assert not Assignment.objects.exists()


def test_accepting_needs_the_conflict_declaration(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    with pytest.raises(DomainError) as refused:
        services.assignment_accept(
            actor=people.reviewer.user, assignment=assignment, no_conflict=False
        )
    assert refused.value.code == "conflict"
    assignment.refresh_from_db()
    assert assignment.state == A.INVITED
    accept(people.reviewer, assignment)
    assignment.refresh_from_db()
    assert assignment.state == A.ACCEPTED
    assert assignment.review.rubric.version == 1
    assert assignment.review.scores.count() == 6


def test_declining_needs_a_reason_and_closes_the_version(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    with pytest.raises(DomainError):
        services.assignment_decline(actor=people.reviewer.user, assignment=assignment, reason="")
    services.assignment_decline(
        actor=people.reviewer.user, assignment=assignment, reason="On leave."
    )
    assignment.refresh_from_db()
    assert (assignment.state, assignment.decline_reason) == (A.DECLINED, "On leave.")
    # Declining frees the slot: the reviewer may be invited again.
    assert people.reviewer in selectors.eligible_reviewers(in_review)


def test_a_review_needs_every_score_comments_below_2_and_a_recommendation(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    accept(people.reviewer, assignment)
    scores = full_scores()
    scores["assessment"] = (1, "")
    scores["level"] = (None, "")
    services.review_save(actor=people.reviewer.user, assignment=assignment, scores=scores)
    with pytest.raises(DomainError) as refused:
        services.review_submit(actor=people.reviewer.user, assignment=assignment)
    assert refused.value.code == "incomplete"
    assert [str(p) for p in refused.value.details] == [
        "Score “Level”.",
        "Explain the score below 2 for “Assessment transparency”.",
        "Give an overall recommendation.",
    ]
    assignment.refresh_from_db()
    assert assignment.state == A.ACCEPTED
    assert assignment.review.submitted_at is None


def test_a_draft_keeps_partial_scores(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    accept(people.reviewer, assignment)
    services.review_save(
        actor=people.reviewer.user,
        assignment=assignment,
        scores={"purpose": (3, "Clear need.")},
        recommendation="",
    )
    row = assignment.review.scores.get(criterion="purpose")
    assert (row.score, row.comment) == (3, "Clear need.")
    assert assignment.review.scores.filter(score__isnull=True).count() == 5


def test_submitting_locks_the_review(people, in_review):
    assignment = invite(people, in_review, people.reviewer)
    accept(people.reviewer, assignment)
    review(people.reviewer, assignment, score=3)
    with pytest.raises(DomainError) as refused:
        services.review_save(
            actor=people.reviewer.user,
            assignment=assignment,
            scores=full_scores(0, "Changed my mind."),
            recommendation="reject",
        )
    assert refused.value.code == "state"
    assert set(assignment.review.scores.values_list("score", flat=True)) == {3}


def test_the_last_review_moves_the_dossier_to_the_committee(people, in_review):
    first = invite(people, in_review, people.reviewer)
    second = invite(people, in_review, people.second_reviewer)
    for reviewer, assignment in ((people.reviewer, first), (people.second_reviewer, second)):
        accept(reviewer, assignment)
    review(people.reviewer, first)
    assert Dossier.objects.get(pk=in_review.pk).state == S.IN_REVIEW
    review(people.second_reviewer, second)
    assert Dossier.objects.get(pk=in_review.pk).state == S.AWAITING_DECISION
    completion = AuditEvent.objects.filter(dossier=in_review, action="dossier.complete_reviews")
    assert completion.count() == 1
    assert completion.get().actor is None


def test_one_review_is_not_enough_while_two_are_required(people, in_review, settings):
    settings.REVIEWS_REQUIRED = 2
    only = invite(people, in_review, people.reviewer)
    accept(people.reviewer, only)
    review(people.reviewer, only)
    assert Dossier.objects.get(pk=in_review.pk).state == S.IN_REVIEW


@pytest.mark.parametrize(
    ("scores", "mean", "passes", "disagreement"),
    [
        ([2, 2], 2.0, True, False),
        ([3, 1], 2.0, True, True),
        ([3, 3, 0], 2.0, False, True),
        ([1, 2], 1.5, False, False),
        ([None, 3], 3.0, True, False),
        ([], None, None, False),
    ],
)
def test_decision_support_per_criterion(scores, mean, passes, disagreement):
    summary = standard.summarise(scores)
    assert (summary.mean, summary.passes, summary.disagreement) == (mean, passes, disagreement)
