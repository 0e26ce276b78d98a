"""Automatic conflicts of interest: every rule, the three-year boundary, public mailboxes,
the set-aside in suggestions, and the staff override that must give a reason."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.errors import DomainError
from accreditation.models import AuditEvent, Dossier, DossierState, MemberRole
from accreditation.services import membership_add
from accreditation.services.tokens import api_token_create
from demo.workflow import advance
from reviewers import services
from reviewers.conflicts import conflicts, conflicts_matrix, email_domain, years_before
from reviewers.models import Affiliation, Assignment
from reviewers.suggestions import candidates_for
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.factories import provider_member
from tests.reviewers.factories import accredited_reviewer

pytestmark = pytest.mark.django_db
S = DossierState
EMPLOYEE = Affiliation.Relationship.EMPLOYEE


@pytest.fixture
def in_review(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    return advance(dossier, S.IN_REVIEW, people.cast())


@pytest.fixture
def toto_staff(people):
    """A member of the provider organisation with a university address."""
    return provider_member(people.org_a, MemberRole.EDITOR, email="kyomu@toto-u.ac.jp")


def affiliate(reviewer, organisation, ended_on=None, *, by_name=False, started_on=None):
    return Affiliation.objects.create(
        reviewer=reviewer,
        organisation=None if by_name else organisation,
        organisation_name=f"  {organisation.name_en.upper()} " if by_name else organisation.name_en,
        relationship=EMPLOYEE,
        started_on=started_on or date(2015, 4, 1),
        ended_on=ended_on,
    )


def test_a_member_of_the_provider_organisation_conflicts(people, in_review):
    insider = accredited_reviewer(email="insider@example.org")
    membership_add(actor=None, organisation=people.org_a, user=insider.user, role="viewer")
    assert conflicts(insider, in_review) == ["member of the provider organisation"]
    assert conflicts(people.reviewer, in_review) == []


def test_a_current_affiliation_conflicts(people, in_review):
    affiliate(people.reviewer, people.org_a)
    assert conflicts(people.reviewer, in_review) == ["declared affiliation (Employee), current"]


def test_an_affiliation_ending_in_the_future_is_current(people, in_review):
    affiliate(people.reviewer, people.org_a, ended_on=timezone.localdate() + timedelta(days=30))
    assert conflicts(people.reviewer, in_review) == ["declared affiliation (Employee), current"]


def test_an_affiliation_conflicts_for_three_years_after_it_ends(people, in_review):
    today = date(2027, 5, 1)
    affiliate(people.reviewer, people.org_a, ended_on=date(2024, 5, 1))
    assert conflicts(people.reviewer, in_review, today) == [
        "declared affiliation (Employee) until 1 May 2024, within 3 years"
    ]
    # One day later the three years have passed.
    assert conflicts(people.reviewer, in_review, date(2027, 5, 2)) == []


def test_an_affiliation_that_ended_long_ago_does_not_conflict(people, in_review):
    affiliate(people.reviewer, people.org_a, ended_on=date(2010, 3, 31))
    assert conflicts(people.reviewer, in_review) == []


def test_an_affiliation_with_another_organisation_does_not_conflict(people, in_review):
    affiliate(people.reviewer, people.org_b)
    assert conflicts(people.reviewer, in_review) == []


def test_an_affiliation_declared_by_name_only_is_matched(people, in_review):
    affiliate(people.reviewer, people.org_a, by_name=True)
    assert conflicts(people.reviewer, in_review) == ["declared affiliation (Employee), current"]


def test_three_years_before_29_february():
    assert years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)
    assert years_before(date(2027, 5, 1), 3) == date(2024, 5, 1)


def test_the_same_email_domain_as_the_providers_staff_conflicts(people, in_review, toto_staff):
    colleague = accredited_reviewer(email="Tanaka@TOTO-U.ac.jp")
    other_faculty = accredited_reviewer(email="sato@cs.toto-u.ac.jp")
    elsewhere = accredited_reviewer(email="suzuki@keio-x.ac.jp")
    assert conflicts(colleague, in_review) == [
        "same email domain as the provider's staff: @toto-u.ac.jp"
    ]
    assert conflicts(other_faculty, in_review) == [
        "same email domain as the provider's staff: @cs.toto-u.ac.jp"
    ]
    assert conflicts(elsewhere, in_review) == []


@pytest.mark.parametrize("domain", ["gmail.com", "outlook.com", "yahoo.co.jp", "example.org"])
def test_public_mail_domains_are_ignored(people, in_review, domain):
    provider_member(people.org_a, MemberRole.VIEWER, email=f"staff@{domain}")
    reviewer = accredited_reviewer(email=f"reviewer@{domain}")
    assert conflicts(reviewer, in_review) == []


def test_email_domain_reading():
    assert email_domain(" A@Toto-U.ac.jp ") == "toto-u.ac.jp"
    assert email_domain("") == ""
    assert email_domain("no-at-sign") == ""
    assert email_domain("x@gmail.com") == ""
    assert email_domain("x@lab.test") == ""


def test_api_token_users_are_ignored(people, in_review):
    token, _key = api_token_create(actor=None, organisation=people.org_a, name="LMS")
    # Even were a token user given an address, it is no person on the provider's staff.
    token.user.email = "bot@toto-u.ac.jp"
    token.user.save()
    reviewer = accredited_reviewer(email="tanaka@toto-u.ac.jp")
    assert conflicts(reviewer, in_review) == []


def test_every_rule_at_once(people, in_review, toto_staff):
    reviewer = accredited_reviewer(email="tanaka@toto-u.ac.jp")
    membership_add(actor=None, organisation=people.org_a, user=reviewer.user, role="viewer")
    affiliate(reviewer, people.org_a)
    assert conflicts(reviewer, in_review) == [
        "member of the provider organisation",
        "declared affiliation (Employee), current",
        "same email domain as the provider's staff: @toto-u.ac.jp",
    ]


def test_conflicts_for_many_reviewers_take_a_fixed_number_of_queries(people, in_review):
    def count(n):
        reviewers = [accredited_reviewer() for _ in range(n)]
        for reviewer in reviewers:
            affiliate(reviewer, people.org_a, ended_on=date(2001, 1, 1))
        dossiers = list(Dossier.objects.select_related("organisation").filter(pk=in_review.pk))
        with CaptureQueriesContext(connection) as queries:
            conflicts_matrix(reviewers, dossiers)
        return len(queries)

    assert count(2) == count(12) == 3


def test_suggestions_set_conflicted_reviewers_apart_with_the_reason(people, in_review):
    affiliate(people.reviewer, people.org_a)
    candidates = candidates_for([in_review])[in_review.pk]
    assert [s.reviewer for s in candidates.suggested] == [people.second_reviewer]
    assert [(s.reviewer, s.conflicts) for s in candidates.conflicted] == [
        (people.reviewer, ["declared affiliation (Employee), current"])
    ]


def test_inviting_a_conflicted_reviewer_without_a_reason_is_refused(people, in_review):
    affiliate(people.reviewer, people.org_a)
    for reason in ("", "   "):
        with pytest.raises(DomainError) as refused:
            services.assignment_invite(
                actor=people.secretariat,
                dossier=in_review,
                reviewer=people.reviewer,
                override_reason=reason,
            )
        assert refused.value.code == "conflict"
        assert refused.value.details == ["declared affiliation (Employee), current"]
    assert not Assignment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="assignment.").exists()


def test_a_staff_override_is_recorded_and_audited(people, in_review):
    affiliate(people.reviewer, people.org_a)
    assignment = services.assignment_invite(
        actor=people.secretariat,
        dossier=in_review,
        reviewer=people.reviewer,
        override_reason="Only specialist; worked in another campus.",
    )
    assignment.refresh_from_db()
    assert assignment.conflict_override_reason == "Only specialist; worked in another campus."
    assert assignment.conflict_override_by == people.secretariat
    assert assignment.conflict_override_at is not None
    event = AuditEvent.objects.get(action="assignment.conflict_override")
    assert event.actor == people.secretariat
    assert event.dossier_id == in_review.pk
    assert event.subject == assignment
    assert "Only specialist" in event.note
    assert "declared affiliation (Employee), current" in event.note


def test_no_override_is_recorded_without_a_conflict(people, in_review):
    assignment = services.assignment_invite(
        actor=people.secretariat,
        dossier=in_review,
        reviewer=people.reviewer,
        override_reason="Not needed.",
    )
    assert assignment.conflict_override_reason == ""
    assert not AuditEvent.objects.filter(action="assignment.conflict_override").exists()


def test_the_picker_shows_conflicts_and_the_override_needs_a_reason(client, people, in_review):
    affiliate(people.reviewer, people.org_a)
    client.force_login(people.secretariat)
    html = client.get(reverse("desk:case", args=[in_review.pk])).content.decode()
    assert "Set aside for a conflict of interest" in html
    assert "declared affiliation (Employee), current" in html
    url = reverse("desk:assign", args=[in_review.pk])
    response = client.post(url, {"reviewer": people.reviewer.pk}, follow=True)
    assert "This reviewer has a conflict of interest." in response.content.decode()
    assert not Assignment.objects.exists()
    client.post(url, {"reviewer": people.reviewer.pk, "override_reason": "Sole expert."})
    assert Assignment.objects.get().conflict_override_reason == "Sole expert."


def test_the_reviewer_sees_the_automatic_findings_before_declaring(client, people, in_review):
    affiliate(people.reviewer, people.org_a, ended_on=timezone.localdate() - timedelta(days=10))
    assignment = services.assignment_invite(
        actor=people.secretariat,
        dossier=in_review,
        reviewer=people.reviewer,
        override_reason="Left the organisation; sole expert.",
    )
    client.force_login(people.reviewer.user)
    html = client.get(reverse("review:assignment", args=[assignment.pk])).content.decode()
    assert "We found a possible conflict of interest" in html
    assert "declared affiliation (Employee) until" in html
    assert 'name="no_conflict"' in html
