"""Automatic assignment of a batch of dossiers on the desk: preview, then confirm."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.errors import DomainError
from accreditation.models import DossierState, DossierVersion
from demo.workflow import advance
from reviewers import autoassign
from reviewers.models import Affiliation, Assignment, AssignmentState, ReviewerProfile
from tests.accreditation.factories import dossier as make_dossier
from tests.reviewers.factories import accredited_reviewer

pytestmark = pytest.mark.django_db
S = DossierState
URL = "/desk/assign-batch/"


@pytest.fixture(autouse=True)
def two_reviews(settings):
    settings.REVIEWS_REQUIRED = 2


def in_review(people, org=None, **content):
    org = org or people.org_a
    provider = people.provider_a if org == people.org_a else people.provider_b
    dossier = make_dossier(org, author=provider, **content)
    return advance(dossier, S.IN_REVIEW, people.cast(provider=provider))


@pytest.fixture
def batch(people):
    """Three dossiers in review and four reviewers for their field."""
    reviewers = [
        people.reviewer,
        people.second_reviewer,
        accredited_reviewer(),
        accredited_reviewer(),
    ]
    dossiers = [in_review(people), in_review(people), in_review(people, people.org_b)]
    return dossiers, reviewers


@pytest.fixture
def staff(client, people):
    client.force_login(people.secretariat)
    return client


def preview(client, dossiers):
    return client.post(URL, {"dossier": [d.pk for d in dossiers], "preview": "1"})


def test_preview_then_confirm_invites_everyone_proposed(staff, batch):
    dossiers, _reviewers = batch
    page = staff.get(URL)
    assert [d for d, _needed in page.context["dossiers"]] == dossiers
    # The list reads titles; the preview reads the chosen dossiers' whole content.
    assert all("content" in d.get_deferred_fields() for d, _needed in page.context["dossiers"])
    html = page.content.decode()
    assert "Preview the assignment" in html
    assert html.count("Introduction to Data Science") >= 3

    response = preview(staff, dossiers)
    proposal = response.context["proposal"]
    assert len(proposal.pairs) == 6
    assert not proposal.unfilled
    assert not Assignment.objects.exists()  # a preview changes nothing
    html = response.content.decode()
    assert "Confirm and send 6 invitations" in html
    assert "Reviewer load" in html

    pairs = [f"{d}:{r}" for d, r in proposal.pairs]
    done = staff.post(URL, {"pair": pairs, "confirm": "1"}, follow=True)
    assert "6 invitations have been sent." in [str(m) for m in done.context["messages"]]
    made = set(Assignment.objects.values_list("version__dossier_id", "reviewer_id"))
    assert made == set(proposal.pairs)
    assert Assignment.objects.filter(state=AssignmentState.INVITED).count() == 6
    # Filled: nothing is left to assign.
    assert done.context["dossiers"] == []


def test_load_is_balanced_within_each_maximum(staff, batch):
    dossiers, reviewers = batch
    ReviewerProfile.objects.filter(pk=reviewers[0].pk).update(max_load=1)
    proposal = preview(staff, dossiers).context["proposal"]
    taken = [r for _d, r in proposal.pairs]
    assert taken.count(reviewers[0].pk) == 1
    # Six places over four reviewers, one capped at one: balanced, no one takes more than two.
    assert max(taken.count(r.pk) for r in reviewers) == 2
    assert len(taken) == 6


def test_a_conflicted_reviewer_is_never_proposed(staff, people, batch):
    dossiers, reviewers = batch
    Affiliation.objects.create(
        reviewer=reviewers[0],
        organisation=people.org_a,
        organisation_name="Org A",
        relationship="consultant",
        started_on=timezone.localdate() - timedelta(days=800),
    )
    response = preview(staff, dossiers)
    pairs = response.context["proposal"].pairs
    org_a = {d.pk for d in dossiers if d.organisation_id == people.org_a.pk}
    assert not [p for p in pairs if p[0] in org_a and p[1] == reviewers[0].pk]
    assert "declared affiliation (Consultant or contractor), current" in response.content.decode()


def test_infeasible_places_are_reported_with_the_reason(staff, people, batch):
    dossiers, reviewers = batch
    arts = in_review(people, people.org_b, field_of_study="arts")
    ReviewerProfile.objects.filter(pk__in=[r.pk for r in reviewers[1:]]).update(max_load=0)
    response = preview(staff, [*dossiers, arts])
    proposal = response.context["proposal"]
    unfilled = {row.dossier.pk: (row.unfilled, row.why_unfilled) for row in proposal.unfilled}
    assert unfilled[arts.pk] == (2, "No reviewer is accredited for this dossier's scope.")
    # One reviewer left with capacity: each other dossier gets one of its two.
    for dossier in dossiers:
        assert unfilled[dossier.pk] == (
            1,
            "The eligible reviewers without a conflict are at their maximum load.",
        )
    assert "Some places cannot be filled" in response.content.decode()


def test_confirm_is_all_or_nothing(people, batch):
    dossiers, reviewers = batch
    Affiliation.objects.create(
        reviewer=reviewers[1],
        organisation=people.org_b,
        organisation_name="Org B",
        relationship="board",
        started_on=timezone.localdate() - timedelta(days=30),
    )
    pairs = [(dossiers[0].pk, reviewers[0].pk), (dossiers[2].pk, reviewers[1].pk)]
    with pytest.raises(DomainError) as refused:
        autoassign.assignment_invite_batch(actor=people.secretariat, pairs=pairs)
    assert refused.value.code == "conflict"
    assert "could not be invited" in refused.value.message
    assert not Assignment.objects.exists()


def test_confirm_refuses_to_exceed_a_maximum_load(people, batch):
    dossiers, reviewers = batch
    ReviewerProfile.objects.filter(pk=reviewers[0].pk).update(max_load=1)
    pairs = [(dossiers[0].pk, reviewers[0].pk), (dossiers[1].pk, reviewers[0].pk)]
    with pytest.raises(DomainError) as refused:
        autoassign.assignment_invite_batch(actor=people.secretariat, pairs=pairs)
    assert refused.value.code == "load"
    assert not Assignment.objects.exists()


def test_only_the_secretariat_assigns_in_batch(client, people, batch):
    for user in (people.provider_a, people.reviewer.user, people.committee):
        client.force_login(user)
        assert client.get(URL).status_code == 404
    with pytest.raises(DomainError):
        autoassign.assignment_invite_batch(
            actor=people.committee, pairs=[(batch[0][0].pk, batch[1][0].pk)]
        )


def test_suggestions_explain_continuity_history_and_load(staff, people, batch):
    dossiers, reviewers = batch
    now = timezone.now()
    earlier_dossier = dossiers[2]  # org B: reviewers[2] reviewed its earlier version
    old_version = DossierVersion.objects.create(
        dossier=earlier_dossier, number=0, content=earlier_dossier.content
    )
    Assignment.objects.create(
        version=old_version,
        reviewer=reviewers[2],
        state=AssignmentState.SUBMITTED,
        respond_by=now.date(),
        review_due=now.date(),
        invited_at=now - timedelta(days=400),
    )
    other_a = dossiers[1].versions.get()
    Assignment.objects.create(
        version=other_a,
        reviewer=reviewers[3],
        state=AssignmentState.ACCEPTED,
        respond_by=now.date(),
        review_due=now.date(),
        invited_at=now - timedelta(days=20),
    )
    html = staff.get(reverse("desk:case", args=[earlier_dossier.pk])).content.decode()
    assert "reviewed an earlier version of this dossier (+3)" in html
    panel_a = staff.get(reverse("desk:case", args=[dossiers[0].pk]))
    panel = dict(panel_a.context["panels"])["reviewers/desk/reviews_panel.html"]
    by_reviewer = {s.reviewer: s for s in panel["suggested"]}
    busy = by_reviewer[reviewers[3]]
    assert (busy.load, busy.provider_reviews) == (1, 1)
    assert panel["suggested"][-1] == busy  # history and load rank it last
    html = panel_a.content.decode()
    assert "reviewed this provider 1 time in the last 12 months (-2)" in html
    assert "1 / 5" in html  # load over maximum


def _history(people, n):
    """n past and current assignments of ten reviewers on versions of another dossier."""
    reviewers = [accredited_reviewer() for _ in range(10)]
    ReviewerProfile.objects.update(max_load=1000)
    other = in_review(people)
    versions = DossierVersion.objects.bulk_create(
        DossierVersion(dossier=other, number=k + 2, content=other.content)
        for k in range(n // 10 + 1)
    )
    states = [AssignmentState.SUBMITTED, AssignmentState.ACCEPTED, AssignmentState.INVITED]
    today = timezone.localdate()
    Assignment.objects.bulk_create(
        Assignment(
            version=versions[k // 10],
            reviewer=reviewers[k % 10],
            state=states[k % 3],
            respond_by=today,
            review_due=today,
        )
        for k in range(n)
    )
    return other


def test_the_preview_keeps_a_constant_query_count_from_10_to_200_assignments(staff, people, batch):
    dossiers, _reviewers = batch

    def queries_for_preview():
        with CaptureQueriesContext(connection) as queries:
            response = preview(staff, dossiers)
        assert len(response.context["proposal"].pairs) == 6
        return len(queries)

    _history(people, 10)
    small = queries_for_preview()
    _history(people, 190)  # ten more reviewers too
    assert Assignment.objects.count() == 200
    assert queries_for_preview() == small
