"""The reviewer queue over HTTP: invitation, acceptance, scoring beside the dossier."""

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from accreditation.models import DossierState
from demo.workflow import advance
from reviewers import services
from reviewers.models import AssignmentState
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
FIELDS = ["purpose", "learning_hours", "content", "level", "assessment", "learning_outcomes"]


@pytest.fixture
def invitation(people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast()
    )
    return services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )


@pytest.fixture
def reviewer_client(client, people):
    client.force_login(people.reviewer.user)
    return client


def test_the_queue_lists_the_reviewers_assignments_with_deadlines(reviewer_client, invitation):
    html = reviewer_client.get(reverse("review:queue")).content.decode()
    assert "データサイエンス入門" in html or "Introduction to Data Science" in html
    assert date_format(invitation.review_due) in html
    assert date_format(invitation.respond_by) in html


def test_accepting_without_the_declaration_is_refused(reviewer_client, invitation):
    response = reviewer_client.post(reverse("review:accept", args=[invitation.pk]), follow=True)
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.state == AssignmentState.INVITED


def test_accept_then_score_beside_the_dossier_and_submit(reviewer_client, invitation):
    reviewer_client.post(reverse("review:accept", args=[invitation.pk]), {"no_conflict": "on"})
    page = reviewer_client.get(reverse("review:assignment", args=[invitation.pk]))
    html = page.content.decode()
    assert "統計の基礎" in html or "Basic statistics" in html  # the dossier version
    assert 'name="score_purpose"' in html  # the scoring form beside it
    data = {f"score_{f}": "2" for f in FIELDS} | {"recommendation": "approve", "submit": "1"}
    data["score_level"] = "1"
    response = reviewer_client.post(reverse("review:save", args=[invitation.pk]), data, follow=True)
    assert "The review is not complete." in [str(m) for m in response.context["messages"]]
    invitation.refresh_from_db()
    assert invitation.state == AssignmentState.ACCEPTED
    assert invitation.review.scores.get(criterion="level").score == 1  # the draft kept it

    data["comment_level"] = "No level descriptors."
    reviewer_client.post(reverse("review:save", args=[invitation.pk]), data)
    invitation.refresh_from_db()
    assert invitation.state == AssignmentState.SUBMITTED
    assert invitation.review.is_locked


def test_decline_with_a_reason(reviewer_client, invitation):
    reviewer_client.post(reverse("review:decline", args=[invitation.pk]), {"reason": "Busy."})
    invitation.refresh_from_db()
    assert (invitation.state, invitation.decline_reason) == (AssignmentState.DECLINED, "Busy.")
    # After declining the reviewer no longer reads the dossier version.
    page = reviewer_client.get(reverse("review:assignment", args=[invitation.pk]))
    assert "統計の基礎" not in page.content.decode()
