"""Ranked reviewer suggestions on the desk's case page: who each reviewer is (email and current
affiliations, as the README's walkthrough names them), at a constant number of queries."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.models import DossierState
from demo.workflow import advance
from reviewers.models import Affiliation
from reviewers.suggestions import BEST_PAIR_SCORE, Suggestion, _factors, candidates_for
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.factories import organisation
from tests.reviewers.factories import accredited_reviewer

pytestmark = pytest.mark.django_db
CONSULTANT = Affiliation.Relationship.CONSULTANT


@pytest.fixture
def in_review(people):
    return advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )


def affiliate(reviewer, name, *, started_on=date(2020, 4, 1), ended_on=None):
    return Affiliation.objects.create(
        reviewer=reviewer,
        organisation_name=name,
        relationship=CONSULTANT,
        started_on=started_on,
        ended_on=ended_on,
    )


def test_a_suggestion_names_the_reviewers_current_affiliations(people, in_review):
    today = timezone.localdate()
    affiliate(people.reviewer, "北都大学 Hokuto University")
    affiliate(people.reviewer, "Data Lab Inc.", ended_on=today)  # ends today: still current
    affiliate(people.reviewer, "Old Employer", ended_on=today - timedelta(days=1))
    affiliate(people.reviewer, "Next Employer", started_on=today + timedelta(days=1))
    affiliate(people.reviewer, "Data Lab Inc.", started_on=date(2024, 1, 1))  # named once
    suggested = {s.reviewer: s for s in candidates_for([in_review])[in_review.pk].suggested}
    assert suggested[people.reviewer].affiliations == [
        "Data Lab Inc.",
        "北都大学 Hokuto University",
    ]
    assert suggested[people.second_reviewer].affiliations == []


def test_the_invite_picker_shows_email_and_affiliations(client, people, in_review):
    # Given two eligible reviewers, one with a declared affiliation,
    people.reviewer.user.first_name, people.reviewer.user.last_name = "Ichiro", "Sato"
    people.reviewer.user.save()
    affiliate(people.reviewer, "北都大学 Hokuto University")
    client.force_login(people.secretariat)
    # when the secretariat opens the case,
    html = client.get(reverse("desk:case", args=[in_review.pk])).content.decode()
    # then each option tells the reviewer by email and affiliation, as well as by name.
    picker = html[html.index('<select id="reviewer"') : html.index("</select>")]
    assert (
        f'<option value="{people.reviewer.pk}">Ichiro Sato (rev1@example.org) · '
        "北都大学 Hokuto University — 0 open assignments</option>"
    ) in picker
    assert (
        f'<option value="{people.second_reviewer.pk}">{people.second_reviewer} '
        "(rev2@example.org) · no affiliation declared — 0 open assignments</option>"
    ) in picker
    # The ranked table beside it says the same.
    table = html[html.index('<table class="suggestions">') :]
    assert "rev1@example.org · 北都大学 Hokuto University</span>" in table


def test_the_case_page_keeps_its_query_count_as_reviewers_and_affiliations_grow(
    client, people, in_review, django_assert_max_num_queries
):
    client.force_login(people.secretariat)
    url = reverse("desk:case", args=[in_review.pk])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    other = organisation(slug="elsewhere", name_en="Elsewhere", name_ja="他所")
    for n in range(8):
        reviewer = accredited_reviewer(email=f"many{n}@example.org")
        affiliate(reviewer, f"Lab {n}")
        affiliate(reviewer, other.name_en)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    panel = dict(response.context["panels"])["reviewers/desk/reviews_panel.html"]
    assert len(panel["suggested"]) == 10
    assert sorted(len(s.affiliations) for s in panel["suggested"]) == [0, 0] + [2] * 8


def test_no_reviewer_fits_a_dossier_better_than_the_best_pair_score():
    """Automatic assignment measures each pair's cost down from BEST_PAIR_SCORE: the best
    reviewer (exact field, every language, continuity, no recent reviews of the provider)
    reaches it, and every other mix of factors stays under it."""
    dossier = SimpleNamespace(content={"field_of_study": "digital"})
    scores = set()
    for fields in ({"digital"}, set()):
        for languages in ({"ja", "en"}, {"ja"}, set()):
            for continuity in (True, False):
                for provider_reviews in (0, 1, 3):
                    suggestion = Suggestion(
                        reviewer=None,
                        load=0,
                        continuity=continuity,
                        provider_reviews=provider_reviews,
                    )
                    suggestion.factors = _factors(
                        suggestion, dossier, (fields, languages), {"ja", "en"}
                    )
                    scores.add(suggestion.pair_score)
    assert max(scores) == BEST_PAIR_SCORE
