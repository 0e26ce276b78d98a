"""The staff desk over HTTP: cases by state, screening, assignment, decision."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation import case_search
from accreditation.models import Decision, DossierState
from demo.workflow import advance
from reviewers.models import Assignment
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState


def signed_in(client, user):
    client.force_login(user)
    return client


def test_cases_are_counted_and_filtered_by_state(client, people):
    submitted = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUBMITTED, people.cast()
    )
    make_dossier(people.org_a, author=people.provider_a)
    response = signed_in(client, people.secretariat).get(
        reverse("desk:cases"), {"state": "submitted"}
    )
    assert list(response.context["page"]) == [submitted]
    counts = {value: count for value, _label, count, _url in response.context["states"]}
    assert (counts["submitted"], counts["draft"], counts["accredited"]) == (1, 1, 0)
    assert response.context["total"] == 2


def test_an_unknown_state_filter_is_refused_with_a_message(client, people):
    response = signed_in(client, people.secretariat).get(reverse("desk:cases"), {"state": "nope"})
    assert response.status_code == 400
    assert "Unknown state." in response.content.decode()


def test_the_secretariat_screens_assigns_and_cannot_decide(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUBMITTED, people.cast()
    )
    client = signed_in(client, people.secretariat)
    case = client.get(reverse("desk:case", args=[dossier.pk]))
    assert case.context["actions"] == {"accept", "return", "screen-out"}

    client.post(reverse("desk:action", args=[dossier.pk, "accept"]), {"note": "Complete."})
    dossier.refresh_from_db()
    assert dossier.state == S.IN_REVIEW

    case = client.get(reverse("desk:case", args=[dossier.pk]))
    panel = dict(case.context["panels"])["reviewers/desk/reviews_panel.html"]
    assert set(panel["eligible"]) == {people.reviewer, people.second_reviewer}
    client.post(reverse("desk:assign", args=[dossier.pk]), {"reviewer": people.reviewer.pk})
    assert Assignment.objects.get().reviewer == people.reviewer

    client.post(
        reverse("desk:decide", args=[dossier.pk]), {"outcome": "approved", "rationale": "Fine."}
    )
    assert not Decision.objects.exists()


def test_screening_out_needs_a_note(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUBMITTED, people.cast()
    )
    response = signed_in(client, people.secretariat).post(
        reverse("desk:action", args=[dossier.pk, "screen-out"]), {"note": ""}, follow=True
    )
    assert "Say why the dossier is screened out." in [str(m) for m in response.context["messages"]]
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED


def test_the_committee_decides_with_decision_support(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.AWAITING_DECISION, people.cast()
    )
    client = signed_in(client, people.committee)
    case = client.get(reverse("desk:case", args=[dossier.pk]))
    assert case.context["actions"] == {"decide"}
    panel = dict(case.context["panels"])["reviewers/desk/decision_panel.html"]
    first = panel["rows"][0]
    assert (str(first.label), first.summary.mean, first.summary.passes) == ("Purpose", 2.0, True)
    client.post(
        reverse("desk:decide", args=[dossier.pk]),
        {"outcome": "approved", "rationale": "Meets the standard.", "valid_years": "2"},
    )
    dossier.refresh_from_db()
    decision = Decision.objects.get()
    assert dossier.state == S.ACCREDITED
    assert decision.valid_until.year - decision.valid_from.year == 2


def test_an_invalid_validity_is_refused_with_a_message(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.AWAITING_DECISION, people.cast()
    )
    response = signed_in(client, people.committee).post(
        reverse("desk:decide", args=[dossier.pk]),
        {"outcome": "approved", "rationale": "Ok.", "valid_years": "forever"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["The validity period must be a whole number of years."]
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_DECISION


def test_unknown_actions_are_404(client, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    response = signed_in(client, people.committee).post(
        reverse("desk:action", args=[dossier.pk, "delete"])
    )
    assert response.status_code == 404


def test_the_case_list_runs_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries
):
    client = signed_in(client, people.secretariat)
    make_dossier(people.org_a, author=people.provider_a)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("desk:cases"))
    for _ in range(10):
        make_dossier(people.org_b, author=people.provider_b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("desk:cases"))
    assert len(response.context["page"]) == 11


def test_the_case_list_counts_its_cases_once_by_state(client, people, monkeypatch):
    monkeypatch.setattr(case_search, "PER_PAGE", 2)
    for _ in range(5):
        make_dossier(people.org_a, author=people.provider_a)
    with CaptureQueriesContext(connection) as queries:
        response = signed_in(client, people.secretariat).get(
            reverse("desk:cases"), {"state": S.DRAFT, "page": 3}
        )
    assert response.context["page"].paginator.num_pages == 3
    assert len(response.context["page"]) == 1
    counts = [
        q["sql"] for q in queries if "COUNT(" in q["sql"] and "accreditation_dossier" in q["sql"]
    ]
    assert len(counts) == 1 and "GROUP BY" in counts[0]  # the tabs' counts, not the pager's


def test_the_case_page_runs_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries
):
    small = advance(
        make_dossier(people.org_a, author=people.provider_a), S.ACCREDITED, people.cast()
    )
    client = signed_in(client, people.committee)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("desk:case", args=[small.pk]))
    # Two review rounds: twice the versions, assignments, reviews, decisions and events.
    big = make_dossier(people.org_a, author=people.provider_a)
    advance(big, S.REVISION_REQUESTED, people.cast())
    advance(big, S.ACCREDITED, people.cast())  # resubmits, then the same path again
    assert big.versions.count() == 2
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("desk:case", args=[big.pk]))
    panel = dict(response.context["panels"])["reviewers/desk/reviews_panel.html"]
    assert len(panel["assignments"]) == 4


def test_the_committee_follows_a_case_in_review_without_assigning(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast()
    )
    case = signed_in(client, people.committee).get(reverse("desk:case", args=[dossier.pk]))
    assert case.status_code == 200
    panel = dict(case.context["panels"]).get("reviewers/desk/reviews_panel.html")
    assert panel is None or panel["can_assign"] is False


@pytest.mark.parametrize(
    ("state", "heading"),
    [
        (S.DRAFT, "Working copy"),
        (S.SUBMITTED, "Version 1 as submitted"),
        # The provider edits its working copy; staff read what was submitted.
        (S.REVISION_REQUESTED, "Version 1 as submitted"),
        (S.ACCREDITED, "Accredited version (version 1)"),
        (S.REVOKED, "Accredited version (version 1)"),
    ],
)
def test_the_case_page_says_which_content_it_shows(client, people, state, heading):
    dossier = advance(make_dossier(people.org_a, author=people.provider_a), state, people.cast())
    response = signed_in(client, people.secretariat).get(reverse("desk:case", args=[dossier.pk]))
    assert str(response.context["shown"].heading) == heading
    assert f'<h2 style="margin-top:0">{heading}</h2>' in response.content.decode()


def test_the_desk_asks_each_permission_of_its_forms_once(people, monkeypatch):
    from desk.views import cases as views

    asked = []
    real = views.has_object_perm
    monkeypatch.setattr(
        views,
        "has_object_perm",
        lambda user, perm, obj: asked.append(perm) or real(user, perm, obj),
    )
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.AWAITING_DECISION, people.cast()
    )
    assert views.available_actions(people.secretariat, dossier) == set()
    # approve, request_revisions and reject share one permission; the provider's own steps
    # (withdraw) are not the desk's to offer.
    assert asked == ["accreditation.decide_dossier"]
