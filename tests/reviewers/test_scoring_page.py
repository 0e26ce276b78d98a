"""The scoring page: the rubric's descriptors, drafts saved in the background, a comment below
2, the lock on submission, and a review that keeps the rubric version it started with."""

import copy
import json

import pytest
from django.urls import reverse

from accreditation.models import DossierState
from accreditation.rubric import RUBRIC_V1
from demo.workflow import advance
from reviewers import services
from reviewers.models import AssignmentState, Rubric
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
FIELDS = ["purpose", "learning_hours", "content", "level", "assessment", "learning_outcomes"]
V2_PURPOSE_3 = "Version two: the need is proven with three employer letters."


@pytest.fixture
def in_review(people):
    return advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )


def accepted(people, dossier, reviewer):
    assignment = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=reviewer
    )
    services.assignment_accept(actor=reviewer.user, assignment=assignment, no_conflict=True)
    assignment.refresh_from_db()
    return assignment


@pytest.fixture
def assignment(people, in_review):
    return accepted(people, in_review, people.reviewer)


@pytest.fixture
def reviewer_client(client, people):
    client.force_login(people.reviewer.user)
    return client


def page(client, assignment):
    return client.get(reverse("review:assignment", args=[assignment.pk])).content.decode()


def add_rubric_v2():
    descriptors = copy.deepcopy(RUBRIC_V1)
    descriptors["purpose"]["3"] = {"ja": "第2版：雇用主3社の書簡で実証。", "en": V2_PURPOSE_3}
    return Rubric.objects.create(version=2, descriptors=descriptors)


def test_each_level_shows_the_rubrics_descriptor_beside_the_dossier(reviewer_client, assignment):
    html = page(reviewer_client, assignment)
    assert RUBRIC_V1["purpose"]["0"]["en"] in html
    assert RUBRIC_V1["learning_outcomes"]["3"]["en"] in html
    assert "Basic statistics" in html  # the dossier version, on the same page
    assert 'data-autosave-url="/review/assignments/' in html
    assert "js/review_form.js" in html


def test_autosave_keeps_a_partial_draft_for_the_next_visit(reviewer_client, assignment):
    response = reviewer_client.post(
        reverse("review:autosave", args=[assignment.pk]),
        {
            "score_purpose": "3",
            "score_level": "1",
            "comment_level": "Level 5 is not supported by the outcomes.",
            "confidential_note": "Half done.",
        },
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True and response.json()["saved_at"]
    review = assignment.review
    review.refresh_from_db()
    scores = {row.criterion: (row.score, row.comment) for row in review.scores.all()}
    assert scores["purpose"] == (3, "")
    assert scores["level"] == (1, "Level 5 is not supported by the outcomes.")
    assert scores["content"] == (None, "")
    assert review.confidential_note == "Half done." and not review.is_locked

    html = page(reviewer_client, assignment)  # a new visit, e.g. from another browser
    assert 'name="score_purpose" value="3" checked' in html
    assert "Level 5 is not supported by the outcomes." in html


def test_a_score_below_2_needs_a_comment_and_the_typed_text_is_kept(reviewer_client, assignment):
    data = {f"score_{f}": "2" for f in FIELDS} | {
        "score_assessment": "1",
        "comment_purpose": "Clear aim.",
        "recommendation": "revise",
        "confidential_note": "Borderline.",
        "submit": "1",
    }
    response = reviewer_client.post(reverse("review:save", args=[assignment.pk]), data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "The review is not complete." in messages
    assert "Explain the score below 2 for “Assessment transparency”." in messages
    html = response.content.decode()
    assert "A comment is required for a score below 2." in html
    assert 'id="comment-assessment" name="comment_assessment" rows="2" aria-invalid="true"' in html
    assert "Clear aim." in html and "Borderline." in html
    assert 'name="score_assessment" value="1" checked' in html
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ACCEPTED
    assert not assignment.review.is_locked


def test_submission_locks_the_review_and_autosave_then_changes_nothing(reviewer_client, assignment):
    data = {f"score_{f}": "3" for f in FIELDS} | {"recommendation": "approve", "submit": "1"}
    reviewer_client.post(reverse("review:save", args=[assignment.pk]), data)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED and assignment.review.is_locked

    response = reviewer_client.post(
        reverse("review:autosave", args=[assignment.pk]), {"score_purpose": "0"}
    )
    assert response.status_code == 409 and response.json()["saved"] is False
    assert assignment.review.scores.get(criterion="purpose").score == 3
    html = page(reviewer_client, assignment)
    assert "locked" in html and 'name="score_purpose"' not in html


def test_another_reviewer_cannot_autosave_into_the_review(client, people, assignment):
    client.force_login(people.second_reviewer.user)
    response = client.post(reverse("review:autosave", args=[assignment.pk]), {"score_purpose": "0"})
    assert response.status_code == 404
    assert assignment.review.scores.get(criterion="purpose").score is None


def test_a_review_keeps_the_rubric_version_it_started_with(
    reviewer_client, client, people, in_review, assignment
):
    add_rubric_v2()
    html = page(reviewer_client, assignment)
    assert "rubric version 1" in html
    assert RUBRIC_V1["purpose"]["3"]["en"] in html and V2_PURPOSE_3 not in html

    later = accepted(people, in_review, people.second_reviewer)
    assert later.review.rubric.version == 2
    assignment.review.refresh_from_db()
    assert assignment.review.rubric.version == 1
    client.force_login(people.second_reviewer.user)
    assert V2_PURPOSE_3 in page(client, later)


# The rubric in the admin: the secretariat adds versions, never edits one.


@pytest.fixture
def secretariat_admin(client, people):
    client.force_login(people.secretariat)
    return client


def test_the_secretariat_adds_a_rubric_version_in_the_admin(secretariat_admin):
    url = reverse("admin:reviewers_rubric_add")
    form = secretariat_admin.get(url)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["version"] == 2  # prefilled: the next one
    descriptors = copy.deepcopy(RUBRIC_V1)
    descriptors["level"]["2"]["en"] = "Consistent with the outcomes and justified."
    response = secretariat_admin.post(url, {"version": "2", "descriptors": json.dumps(descriptors)})
    assert response.status_code == 302
    assert Rubric.objects.latest().descriptors["level"]["2"]["en"].startswith("Consistent")


def test_an_incomplete_rubric_is_refused(secretariat_admin):
    descriptors = copy.deepcopy(RUBRIC_V1)
    del descriptors["level"]["3"]
    descriptors["purpose"]["1"]["ja"] = ""
    response = secretariat_admin.post(
        reverse("admin:reviewers_rubric_add"),
        {"version": "2", "descriptors": json.dumps(descriptors)},
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "“Level” needs exactly the levels 0, 1, 2 and 3." in errors
    assert "“Purpose”, level 1: give the descriptor in Japanese and English." in errors
    assert not Rubric.objects.filter(version=2).exists()


def test_a_rubric_version_in_use_cannot_be_changed(secretariat_admin):
    rubric = Rubric.objects.get(version=1)
    response = secretariat_admin.post(
        reverse("admin:reviewers_rubric_change", args=[rubric.pk]),
        {"version": "1", "descriptors": "{}"},
    )
    assert response.status_code == 403
    rubric.refresh_from_db()
    assert rubric.descriptors == RUBRIC_V1
