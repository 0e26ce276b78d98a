"""The invitation email's link: signed, stored hashed, single-use, expiring, for one
assignment and one reviewer, and able only to accept or decline."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from accreditation.models import DossierState, UserProfile
from accreditation.services import dossier_withdraw
from demo.workflow import advance
from reviewers import invitations, services
from reviewers.models import Assignment, AssignmentNotice, AssignmentState
from reviewers.tasks import send_assignment_invitation
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
A = AssignmentState
LINK = re.compile(r"http://testserver(/review/assignments/(\d+)/respond/([^/\s]+)/)")


@pytest.fixture
def in_review(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    return advance(dossier, S.IN_REVIEW, people.cast())


@pytest.fixture
def invite(people, in_review, django_capture_on_commit_callbacks):
    """Invite a reviewer; returns (assignment, link path, token) read from the email."""

    def invite(reviewer=None, dossier=None, **deadlines):
        reviewer = reviewer or people.reviewer
        sent_before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            assignment = services.assignment_invite(
                actor=people.secretariat,
                dossier=dossier or in_review,
                reviewer=reviewer,
                **deadlines,
            )
            assert len(mail.outbox) == sent_before  # nothing leaves before the commit
        message = mail.outbox[-1]
        assert message.to == [reviewer.user.email]
        path, pk, token = LINK.search(message.body).groups()
        assert int(pk) == assignment.pk
        return assignment, path, token

    return invite


@pytest.fixture
def reviewer_client(client, people):
    client.force_login(people.reviewer.user)
    return client


def refreshed(assignment):
    return Assignment.objects.get(pk=assignment.pk)


def test_the_email_carries_a_signed_link_whose_secret_is_stored_only_hashed(invite):
    assignment, _path, token = invite()
    pk, secret = signing.loads(token, salt=invitations.SALT)
    assignment = refreshed(assignment)
    assert pk == assignment.pk
    assert assignment.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in assignment.token_hash and assignment.token_used_at is None
    # It expires at the end of the response day, in the site's time zone.
    expires = timezone.localtime(assignment.token_expires_at)
    assert expires.date() == assignment.respond_by + timedelta(days=1)
    assert (expires.hour, expires.minute) == (0, 0)


def test_the_invitation_is_emailed_once_in_the_reviewers_language(people, invite):
    UserProfile.objects.create(user=people.reviewer.user, language="en")
    assignment, _path, _token = invite()
    assert mail.outbox[-1].subject == "Invitation to review “Introduction to Data Science”"
    # A second run (a retry, a duplicate message) sends nothing and keeps the link working.
    assert send_assignment_invitation(assignment.pk) is False
    assert len(mail.outbox) == 1
    assert AssignmentNotice.objects.filter(assignment=assignment).count() == 1
    assert refreshed(assignment).token_hash


def test_a_reviewer_without_a_language_gets_japanese(invite):
    invite()
    # Rendered in Japanese: the dossier's Japanese title (the words follow once translated).
    assert "データサイエンス入門" in mail.outbox[-1].subject


def test_accepting_through_the_link_needs_the_declaration_then_uses_the_link_up(
    reviewer_client, invite
):
    assignment, path, _token = invite()
    page = reviewer_client.get(path)
    assert page.status_code == 200
    assert 'name="no_conflict"' in page.content.decode()

    response = reviewer_client.post(path, {"answer": "accept"}, follow=True)
    assert "Confirm that you have no conflict of interest" in response.content.decode()
    assert refreshed(assignment).state == A.INVITED  # refused, and the link still works
    assert reviewer_client.get(path).status_code == 200

    response = reviewer_client.post(path, {"answer": "accept", "no_conflict": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("review:assignment", args=[assignment.pk])
    assignment = refreshed(assignment)
    assert assignment.state == A.ACCEPTED and assignment.token_used_at is not None

    again = reviewer_client.get(path)
    assert again.status_code == 410
    assert "already been answered" in again.content.decode()
    declined = reviewer_client.post(path, {"answer": "decline", "reason": "Changed my mind."})
    assert declined.status_code == 410
    assert refreshed(assignment).state == A.ACCEPTED


def test_declining_through_the_link_keeps_the_reason_and_the_suggested_colleague(
    client, people, reviewer_client, invite, in_review
):
    assignment, path, _token = invite()
    reviewer_client.post(
        path,
        {
            "answer": "decline",
            "reason": "On sabbatical.",
            "suggested_colleague": "Dr Sato, sato@example.ac.jp",
        },
    )
    assignment = refreshed(assignment)
    assert assignment.state == A.DECLINED
    assert assignment.decline_reason == "On sabbatical."
    assert assignment.suggested_colleague == "Dr Sato, sato@example.ac.jp"
    assert reviewer_client.get(path).status_code == 410
    # Staff see both on the desk's reviews panel.
    client.force_login(people.secretariat)
    html = client.get(in_review.get_desk_url()).content.decode()
    assert "On sabbatical." in html and "sato@example.ac.jp" in html


def test_a_decline_without_a_reason_is_refused_and_the_link_still_works(reviewer_client, invite):
    assignment, path, _token = invite()
    response = reviewer_client.post(path, {"answer": "decline", "reason": " "}, follow=True)
    assert "Give a reason for declining." in response.content.decode()
    assert refreshed(assignment).state == A.INVITED
    assert refreshed(assignment).token_used_at is None


def test_an_answer_on_the_queue_page_also_ends_the_link(reviewer_client, invite):
    assignment, path, _token = invite()
    reviewer_client.post(
        reverse("review:decline", args=[assignment.pk]),
        {"reason": "Busy.", "suggested_colleague": "Ms Ito"},
    )
    assert refreshed(assignment).suggested_colleague == "Ms Ito"
    assert reviewer_client.get(path).status_code == 410


def test_the_link_works_until_the_end_of_the_response_day(reviewer_client, invite):
    today = timezone.localdate()
    _assignment, path, _token = invite(respond_by=today, review_due=today + timedelta(days=20))
    assert reviewer_client.get(path).status_code == 200


def test_an_expired_link_is_refused(reviewer_client, invite):
    yesterday = timezone.localdate() - timedelta(days=1)
    assignment, path, _token = invite(
        respond_by=yesterday, review_due=yesterday + timedelta(days=20)
    )
    page = reviewer_client.get(path)
    assert page.status_code == 410
    assert "expired at the end of its response deadline" in page.content.decode()
    reviewer_client.post(path, {"answer": "accept", "no_conflict": "on"})
    assert refreshed(assignment).state == A.INVITED


def test_a_tampered_link_is_refused(reviewer_client, invite):
    assignment, _path, token = invite()
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in (flipped, token[:-1], "not-a-token", token + "x"):
        url = reverse("review:respond", args=[assignment.pk, bad])
        page = reviewer_client.get(url)
        assert page.status_code == 404, bad
        assert "not valid" in page.content.decode()
        reviewer_client.post(url, {"answer": "accept", "no_conflict": "on"})
    assert refreshed(assignment).state == A.INVITED


def test_a_link_cannot_answer_another_assignment(people, reviewer_client, invite, in_review):
    other_dossier = advance(
        make_dossier(people.org_b, author=people.provider_b),
        S.IN_REVIEW,
        people.cast(provider=people.provider_b),
    )
    mine, _path, token = invite()
    other, _other_path, _other_token = invite(dossier=other_dossier)
    assert refreshed(other).token_hash
    # The same (genuine) token on the other assignment's address.
    url = reverse("review:respond", args=[other.pk, token])
    page = reviewer_client.get(url)
    assert page.status_code == 404
    assert "belongs to another invitation" in page.content.decode()
    reviewer_client.post(url, {"answer": "decline", "reason": "x"})
    # Even a token signed for the other assignment (a leaked key) needs that one's secret.
    _pk, secret = signing.loads(token, salt=invitations.SALT)
    forged = signing.dumps([other.pk, secret], salt=invitations.SALT)
    url = reverse("review:respond", args=[other.pk, forged])
    assert reviewer_client.get(url).status_code == 404
    reviewer_client.post(url, {"answer": "decline", "reason": "x"})
    assert refreshed(other).state == A.INVITED and refreshed(mine).state == A.INVITED


def test_only_the_invited_reviewer_signed_in_can_use_the_link(client, people, invite):
    assignment, path, _token = invite()
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    client.force_login(people.second_reviewer.user)
    page = client.get(path)
    assert page.status_code == 403
    html = page.content.decode()
    assert "sent to another reviewer" in html
    assert "データサイエンス入門" not in html and "Introduction to Data Science" not in html
    client.post(path, {"answer": "accept", "no_conflict": "on"})
    assert refreshed(assignment).state == A.INVITED


def test_a_newer_link_replaces_the_older_one(reviewer_client, invite):
    assignment, old_path, _token = invite()
    new_token = invitations.issue_token(refreshed(assignment))
    assert reviewer_client.get(old_path).status_code == 404
    new_path = reverse("review:respond", args=[assignment.pk, new_token])
    assert reviewer_client.get(new_path).status_code == 200


def test_no_link_works_once_the_dossier_left_review(people, reviewer_client, invite, in_review):
    assignment, path, _token = invite()
    dossier_withdraw(actor=people.provider_a, dossier=in_review, reason="Cancelled.")
    page = reviewer_client.get(path)
    assert page.status_code == 410
    assert "no longer under review" in page.content.decode()
    assert refreshed(assignment).state == A.INVITED


def test_no_invitation_email_for_an_assignment_already_answered(people, invite):
    assignment, _path, _token = invite()
    AssignmentNotice.objects.filter(assignment=assignment).delete()
    services.assignment_decline(actor=people.reviewer.user, assignment=assignment, reason="No.")
    assert send_assignment_invitation(assignment.pk) is False
    assert len(mail.outbox) == 1
