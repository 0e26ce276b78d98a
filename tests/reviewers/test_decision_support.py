"""Decision support (DESIGN §3): per field the scores, mean and pass/fail; disagreement flagged
on the case page and the case list; an extra reviewer added from there, also once every
review is in; recommendations beside the scores, separate from the committee's decision."""

import pytest
from django.urls import reverse

from accreditation.content import StandardField
from accreditation.models import AuditEvent, DossierState
from accreditation.standard import summarise
from demo.workflow import advance
from reviewers import services
from reviewers.models import Assignment, AssignmentState, Recommendation
from tests.accreditation.factories import dossier as make_dossier
from tests.reviewers.factories import accredited_reviewer

S = DossierState


# The rule, at its boundaries (no database).


@pytest.mark.parametrize(
    ("scores", "mean", "passes", "disagreement"),
    [
        ((2, 2), 2.0, True, False),  # mean exactly 2 passes
        ((1, 3), 2.0, True, True),  # mean 2, but scores span 2: flagged
        ((1, 2, 3), 2.0, True, True),
        ((3, 3, 0), 2.0, False, True),  # mean 2 with a 0 fails
        ((2, 3), 2.5, True, False),  # span 1: no disagreement
        ((1, 2), 1.5, False, False),
        ((2, 2, 1), 1.67, False, False),  # just under 2
        ((0, 0), 0.0, False, False),  # unanimous 0: fails, no disagreement
        ((3, 1), 2.0, True, True),
        ((2, None, 2), 2.0, True, False),  # an unscored field is left out
    ],
)
def test_summarise_at_the_boundaries(scores, mean, passes, disagreement):
    summary = summarise(scores)
    assert (summary.mean, summary.passes, summary.disagreement) == (mean, passes, disagreement)


def test_no_scores_no_verdict():
    summary = summarise([None, None])
    assert (summary.scores, summary.mean, summary.passes, summary.disagreement) == (
        (),
        None,
        None,
        False,
    )


# Through the desk.


def review(assignment, score_by_field, recommendation, note=""):
    user = assignment.reviewer.user
    services.assignment_accept(actor=user, assignment=assignment, no_conflict=True)
    scores = {
        field: (score_by_field.get(field, 2), "" if score_by_field.get(field, 2) >= 2 else "Weak.")
        for field in StandardField.values
    }
    services.review_save(
        actor=user,
        assignment=assignment,
        scores=scores,
        recommendation=recommendation,
        confidential_note=note,
    )
    services.review_submit(actor=user, assignment=assignment)


def reviewed(people, first, second, reviewers=None):
    """A dossier reviewed by two (or more) reviewers with these scores per field (2
    elsewhere): awaiting the committee's decision."""
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast()
    )
    reviewers = reviewers or [people.reviewer, people.second_reviewer]
    plans = [
        (first, Recommendation.APPROVE_WITH_CONDITIONS, "Ask about assessors."),
        (second, Recommendation.REVISE, ""),
    ]
    plans += [({}, Recommendation.APPROVE, "")] * (len(reviewers) - 2)
    assignments = [
        services.assignment_invite(actor=people.secretariat, dossier=dossier, reviewer=reviewer)
        for reviewer in reviewers
    ]
    for assignment, (scores, recommendation, note) in zip(assignments, plans, strict=True):
        review(assignment, scores, recommendation, note)
    dossier.refresh_from_db()
    return dossier


def signed_in(client, user):
    client.force_login(user)
    return client


def panel_of(response):
    return dict(response.context["panels"])["reviewers/desk/decision_panel.html"]


@pytest.mark.django_db
def test_the_case_page_shows_scores_recommendations_and_notes_beside_each_other(client, people):
    dossier = reviewed(people, {"purpose": 1}, {"purpose": 3, "level": 0})
    assert dossier.state == S.AWAITING_DECISION
    response = signed_in(client, people.committee).get(reverse("desk:case", args=[dossier.pk]))
    panel = panel_of(response)
    rows = {row.key: row for row in panel["rows"]}
    assert rows["purpose"].scores == [1, 3]
    assert (rows["purpose"].summary.mean, rows["purpose"].summary.passes) == (2.0, True)
    assert rows["level"].scores == [2, 0] and rows["level"].summary.passes is False
    assert rows["content"].summary.disagreement is False
    assert [str(label) for label in panel["disagreements"]] == ["Purpose", "Level"]
    html = response.content.decode()
    assert "Reviewers disagree" in html
    assert "Approve with conditions" in html and "Revise and resubmit" in html
    assert "Ask about assessors." in html  # the confidential note, staff only
    assert "its decision is recorded separately" in html
    # The committee cannot assign: it is told who can.
    assert panel["can_add_reviewer"] is False
    assert "The secretariat can add a reviewer" in html


@pytest.mark.django_db
def test_agreeing_reviewers_raise_no_flag(client, people):
    dossier = reviewed(people, {"purpose": 2}, {"purpose": 3})
    response = signed_in(client, people.secretariat).get(reverse("desk:case", args=[dossier.pk]))
    panel = panel_of(response)
    assert panel["disagreements"] == [] and panel["can_add_reviewer"] is False
    assert 'role="alert"' not in response.content.decode()
    cases = client.get(reverse("desk:cases")).content.decode()
    assert "Reviewers disagree" not in cases


@pytest.mark.django_db
def test_the_case_list_marks_cases_whose_reviewers_disagree(client, people):
    agreeing = reviewed(people, {}, {})
    disagreeing = reviewed(people, {"assessment": 0}, {"assessment": 2})
    response = signed_in(client, people.secretariat).get(reverse("desk:cases"))
    marked = {d.pk: d.desk_markers for d in response.context["page"]}
    assert [str(m) for m in marked[disagreeing.pk]] == ["Reviewers disagree"]
    assert marked[agreeing.pk] == []
    assert "⚑ Reviewers disagree" in response.content.decode()


@pytest.mark.django_db
def test_an_extra_reviewer_is_added_once_every_review_is_in(client, people):
    third = accredited_reviewer(email="rev3@example.org")
    dossier = reviewed(people, {"purpose": 0}, {"purpose": 3})
    client = signed_in(client, people.secretariat)
    case = client.get(reverse("desk:case", args=[dossier.pk]))
    panel = panel_of(case)
    assert panel["can_add_reviewer"] is True
    assert [r.pk for r in panel["eligible"]] == [third.pk]  # the two others are on it
    assert reverse("desk:extra_reviewer", args=[dossier.pk]) in case.content.decode()

    client.post(reverse("desk:extra_reviewer", args=[dossier.pk]), {"reviewer": third.pk})
    dossier.refresh_from_db()
    assert dossier.state == S.IN_REVIEW  # back to review until the extra review is in
    extra = Assignment.objects.get(reviewer=third)
    assert extra.state == AssignmentState.INVITED
    event = AuditEvent.objects.get(action="dossier.request_extra_review")
    assert (event.actor, event.from_state, event.to_state) == (
        people.secretariat,
        S.AWAITING_DECISION,
        S.IN_REVIEW,
    )
    review(extra, {"purpose": 2}, Recommendation.APPROVE)
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_DECISION
    rows = panel_of(client.get(reverse("desk:case", args=[dossier.pk])))["rows"]
    assert rows[0].scores == [0, 3, 2]


@pytest.mark.django_db
def test_an_extra_reviewer_while_still_in_review(client, people):
    third = accredited_reviewer(email="rev3@example.org")
    fourth = accredited_reviewer(email="rev4@example.org")
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast()
    )
    first, second, waiting = (
        services.assignment_invite(actor=people.secretariat, dossier=dossier, reviewer=r)
        for r in (people.reviewer, people.second_reviewer, third)
    )
    review(first, {"level": 3}, Recommendation.APPROVE)
    review(second, {"level": 1}, Recommendation.REVISE)
    client = signed_in(client, people.secretariat)
    assert panel_of(client.get(reverse("desk:case", args=[dossier.pk])))["can_add_reviewer"]
    client.post(reverse("desk:extra_reviewer", args=[dossier.pk]), {"reviewer": fourth.pk})
    dossier.refresh_from_db()
    assert dossier.state == S.IN_REVIEW
    assert Assignment.objects.filter(reviewer=fourth, state=AssignmentState.INVITED).exists()
    assert not AuditEvent.objects.filter(action="dossier.request_extra_review").exists()
    assert waiting.state == AssignmentState.INVITED


@pytest.mark.django_db
def test_adding_a_reviewer_is_refused_without_disagreement_or_permission(client, people):
    third = accredited_reviewer(email="rev3@example.org")
    agreeing = reviewed(people, {}, {})
    url = reverse("desk:extra_reviewer", args=[agreeing.pk])
    response = signed_in(client, people.secretariat).post(url, {"reviewer": third.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The reviewers agree on every field: there is no disagreement to settle."
    ]
    disagreeing = reviewed(people, {"purpose": 0}, {"purpose": 2})
    response = signed_in(client, people.committee).post(
        reverse("desk:extra_reviewer", args=[disagreeing.pk]), {"reviewer": third.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["You are not allowed to do this."]
    for dossier in (agreeing, disagreeing):
        dossier.refresh_from_db()
        assert dossier.state == S.AWAITING_DECISION
    assert not Assignment.objects.filter(reviewer=third).exists()
    # Providers and outsiders never reach the desk.
    for user in (people.provider_a, people.outsider):
        assert signed_in(client, user).post(url, {"reviewer": third.pk}).status_code == 404


@pytest.mark.django_db
def test_an_ineligible_reviewer_leaves_the_dossier_awaiting_its_decision(client, people):
    dossier = reviewed(people, {"purpose": 0}, {"purpose": 3})
    response = signed_in(client, people.secretariat).post(
        reverse("desk:extra_reviewer", args=[dossier.pk]),
        {"reviewer": people.reviewer.pk},  # already reviewed this version
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This reviewer cannot be assigned to this dossier."
    ]
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_DECISION
    assert not AuditEvent.objects.filter(action="dossier.request_extra_review").exists()


@pytest.mark.django_db
def test_the_recommendation_and_the_decision_stay_separate_records(client, people):
    dossier = reviewed(people, {"purpose": 1}, {"purpose": 3})
    client = signed_in(client, people.committee)
    client.post(
        reverse("desk:decide", args=[dossier.pk]),
        {"outcome": "rejected", "rationale": "Assessment not transparent."},
    )
    dossier.refresh_from_db()
    assert dossier.state == S.REJECTED
    recommendations = set(
        Assignment.objects.filter(version__dossier=dossier).values_list(
            "review__recommendation", flat=True
        )
    )
    assert recommendations == {Recommendation.APPROVE_WITH_CONDITIONS, Recommendation.REVISE}
    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert "Assessment not transparent." in html and "Revise and resubmit" in html
    # After the decision, no extra reviewer is offered and no case is flagged.
    assert (
        panel_of(client.get(reverse("desk:case", args=[dossier.pk])))["can_add_reviewer"] is False
    )
    assert "Reviewers disagree" not in client.get(reverse("desk:cases")).content.decode()


@pytest.mark.django_db
def test_the_provider_sees_neither_notes_nor_reviewer_names(client, people):
    people.reviewer.user.first_name, people.reviewer.user.last_name = "Taro", "Shinsa"
    people.reviewer.user.save()
    dossier = reviewed(people, {"purpose": 0}, {"purpose": 3})
    html = (
        signed_in(client, people.provider_a)
        .get(reverse("portal:detail", args=[dossier.pk]))
        .content.decode()
    )
    for secret in ("Ask about assessors.", "Taro", "Shinsa", "rev1@example.org"):
        assert secret not in html


@pytest.mark.django_db
def test_the_decision_panel_keeps_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries
):
    small = reviewed(people, {"purpose": 0}, {"purpose": 3})
    more = [accredited_reviewer(email=f"extra{n}@example.org") for n in range(3)]
    big = reviewed(
        people, {"purpose": 0}, {"purpose": 3}, [people.reviewer, people.second_reviewer, *more]
    )
    client = signed_in(client, people.secretariat)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("desk:case", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("desk:case", args=[big.pk]))
    assert len(panel_of(response)["reviews"]) == 5
    with django_assert_max_num_queries(40) as few_cases:
        client.get(reverse("desk:cases"))
    for _ in range(3):
        reviewed(people, {"level": 0}, {"level": 2})
    with django_assert_max_num_queries(len(few_cases.captured_queries)):
        response = client.get(reverse("desk:cases"))
    assert response.content.decode().count("⚑ Reviewers disagree") == 5
