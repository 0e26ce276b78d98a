"""Rounds: a resubmission accepted for review opens a new round on the new version, and the
previous round's reviewers are invited by default (a checkbox on the accept form)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accreditation import selectors as core_selectors
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, DossierState
from accreditation.services import dossier_accept_for_review, dossier_decide
from demo.workflow import advance
from reviewers import rounds, services
from reviewers.models import Assignment, AssignmentState, ReviewerAccreditation
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.test_revisions import CRITERIA, revise_and_resubmit, revisions_requested
from tests.reviewers.factories import accredited_reviewer

pytestmark = pytest.mark.django_db
S = DossierState
A = AssignmentState
LINK = re.compile(r"http://testserver(/review/assignments/\d+/respond/[^/\s]+/)")


@pytest.fixture
def resubmitted(people):
    """Round 1 reviewed by both reviewers, revisions requested with a comment, answered,
    changed and resubmitted as version 2."""
    dossier = revisions_requested(people, comments=[CRITERIA])
    revise_and_resubmit(people, dossier)
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED and dossier.versions.count() == 2
    return dossier


@pytest.fixture
def desk(client, people):
    client.force_login(people.secretariat)
    return client


def accept(desk, dossier, capture, **extra):
    with capture(execute=True):
        return desk.post(
            reverse("desk:action", args=[dossier.pk, "accept"]),
            {"note": "", **extra},
            follow=True,
        )


def round_two(dossier):
    return Assignment.objects.filter(version__dossier=dossier, version__number=2)


def test_the_accept_form_of_a_resubmission_offers_the_previous_reviewers_checked(
    desk, people, resubmitted
):
    html = desk.get(resubmitted.get_desk_url()).content.decode()
    checkbox = re.search(r'<input type="checkbox" id="invite-previous"[^>]*>', html).group(0)
    assert f'name="{rounds.FIELD}"' in checkbox and "checked" in checkbox
    assert str(people.reviewer) in html and str(people.second_reviewer) in html


def test_a_first_submission_offers_no_such_option(desk, people):

    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUBMITTED, people.cast()
    )
    assert 'id="invite-previous"' not in desk.get(dossier.get_desk_url()).content.decode()


def test_accepting_with_the_box_checked_invites_the_previous_reviewers_on_the_new_version(
    desk, people, resubmitted, django_capture_on_commit_callbacks
):
    response = accept(desk, resubmitted, django_capture_on_commit_callbacks, **{rounds.FIELD: "on"})
    messages = [str(m) for m in response.context["messages"]]
    assert any("previous round's reviewers have been invited" in m for m in messages)
    resubmitted.refresh_from_db()
    assert resubmitted.state == S.IN_REVIEW
    invited = round_two(resubmitted)
    assert {a.reviewer for a in invited} == {people.reviewer, people.second_reviewer}
    assert {a.state for a in invited} == {A.INVITED}
    # One audit event on the version, naming who was invited; staff read it on the desk.
    event = AuditEvent.objects.get(action="round.invite_previous")
    assert event.actor == people.secretariat and event.subject.number == 2
    assert event.note.startswith("v1 → v2: ")
    assert str(people.reviewer) in event.note and str(people.second_reviewer) in event.note
    # Each previous reviewer gets an invitation that says this is a new round.
    assert sorted(m.to[0] for m in mail.outbox if LINK.search(m.body)) == [
        "rev1@example.org",
        "rev2@example.org",
    ]


def test_unchecking_the_box_invites_nobody(
    desk, people, resubmitted, django_capture_on_commit_callbacks
):
    accept(desk, resubmitted, django_capture_on_commit_callbacks)
    resubmitted.refresh_from_db()
    assert resubmitted.state == S.IN_REVIEW
    assert not round_two(resubmitted).exists()
    assert not AuditEvent.objects.filter(action="round.invite_previous").exists()


def test_a_previous_reviewer_no_longer_eligible_is_not_invited_and_is_named(
    desk, people, resubmitted, django_capture_on_commit_callbacks
):
    yesterday = timezone.localdate() - timedelta(days=1)
    ReviewerAccreditation.objects.filter(reviewer=people.second_reviewer).update(
        valid_from=yesterday - timedelta(days=400), valid_until=yesterday
    )
    response = accept(desk, resubmitted, django_capture_on_commit_callbacks, **{rounds.FIELD: "on"})
    assert [a.reviewer for a in round_two(resubmitted)] == [people.reviewer]
    messages = [str(m) for m in response.context["messages"]]
    assert any(str(people.second_reviewer) in m and "no longer eligible" in m for m in messages)
    note = AuditEvent.objects.get(action="round.invite_previous").note
    assert note.splitlines()[1] == f"× {people.second_reviewer}"


def test_only_reviewers_who_submitted_a_review_are_invited_again(people):

    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast()
    )
    declined = accredited_reviewer(email="rev3@example.org")
    assignment = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=declined
    )
    services.assignment_decline(actor=declined.user, assignment=assignment, reason="Busy.")
    number, reviewers = rounds.previous_round(dossier)
    assert (number, reviewers) == (None, [])  # no earlier version yet

    for reviewer in (people.reviewer, people.second_reviewer):
        mine = services.assignment_invite(
            actor=people.secretariat, dossier=dossier, reviewer=reviewer
        )
        services.assignment_accept(actor=reviewer.user, assignment=mine, no_conflict=True)
        services.review_save(
            actor=reviewer.user,
            assignment=mine,
            scores=dict.fromkeys(("purpose", "learning_hours", "content", "level"), (2, ""))
            | {"assessment": (1, "Unclear."), "learning_outcomes": (2, "")},
            recommendation="revise",
        )
        services.review_submit(actor=reviewer.user, assignment=mine)
    dossier_decide(
        actor=people.committee,
        dossier=dossier,
        outcome="revisions_requested",
        rationale="Say how it is marked.",
    )
    revise_and_resubmit(people, dossier)
    dossier.refresh_from_db()
    number, reviewers = rounds.previous_round(dossier)
    assert number == 1
    assert set(reviewers) == {people.reviewer, people.second_reviewer}


def test_the_previous_reviewer_sees_the_diff_and_the_providers_answers(
    client, people, resubmitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier_accept_for_review(actor=people.secretariat, dossier=resubmitted)
        rounds.invite_previous_reviewers(actor=people.secretariat, dossier=resubmitted)
    message = next(m for m in mail.outbox if m.to == ["rev1@example.org"])
    # "You reviewed version 1 of this dossier.", in Japanese (the reviewer chose no language).
    assert "第1版を審査されました" in message.body
    client.force_login(people.reviewer.user)
    assignment = round_two(resubmitted).get(reviewer=people.reviewer)
    # The invitation: no content until they accept, declaring no conflict again.
    invitation = client.get(LINK.search(message.body).group(1)).content.decode()
    assert "Changes from version 1 to version 2" not in invitation
    assert "70% or more" not in invitation
    client.post(reverse("review:accept", args=[assignment.pk]), {"no_conflict": "on"})
    html = client.get(reverse("review:assignment", args=[assignment.pk])).content.decode()
    assert "Changes from version 1 to version 2" in html
    assert CRITERIA["comment"] in html  # what was asked …
    assert "Done: see the new text." in html  # … and the provider's answer
    assert "70% or more, marked on the published rubric" in html  # the change itself
    assert "com@example.org" not in html  # never who asked


def test_the_round_event_never_reaches_the_provider(
    desk, people, resubmitted, django_capture_on_commit_callbacks
):
    accept(desk, resubmitted, django_capture_on_commit_callbacks, **{rounds.FIELD: "on"})
    actions = {e.action for e in core_selectors.timeline(resubmitted, for_provider=True)}
    assert "round.invite_previous" not in actions
    desk.force_login(people.provider_a)
    html = desk.get(resubmitted.get_portal_url()).content.decode()
    assert str(people.reviewer) not in html and "rev1@example.org" not in html


def test_only_staff_who_assign_may_invite_a_round(people, resubmitted):
    with pytest.raises(DomainError) as refused:
        rounds.invite_previous_reviewers(actor=people.committee, dossier=resubmitted)
    assert refused.value.code == "forbidden"


def test_accepting_and_inviting_the_last_round_is_one_service_for_any_caller(people, resubmitted):
    invited, skipped = rounds.accept_for_review(
        actor=people.secretariat, dossier=resubmitted, invite_previous=True
    )
    resubmitted.refresh_from_db()
    assert resubmitted.state == S.IN_REVIEW
    assert {a.reviewer for a in round_two(resubmitted)} == set(invited)
    assert (len(invited), skipped) == (2, [])


def test_a_refused_invitation_leaves_the_dossier_unaccepted(people, resubmitted):
    # Someone who may screen but not assign: the acceptance passes, the invitations do not,
    # and the acceptance is undone with them.
    screener = people.outsider
    screener.user_permissions.add(
        Permission.objects.get(codename="screen_dossier", content_type__app_label="accreditation")
    )
    events = AuditEvent.objects.filter(dossier=resubmitted).count()
    with pytest.raises(DomainError) as refused:
        rounds.accept_for_review(actor=screener, dossier=resubmitted, invite_previous=True)
    assert refused.value.code == "forbidden"
    resubmitted.refresh_from_db()
    assert resubmitted.state == S.SUBMITTED and not round_two(resubmitted).exists()
    assert AuditEvent.objects.filter(dossier=resubmitted).count() == events
