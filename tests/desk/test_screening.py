"""Staff see the intake screening of the latest submitted version on the desk's case page."""

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import DossierState, JurisdictionProfile
from demo.workflow import advance
from tests.accreditation.factories import complete_content
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState


def case_page(client, user, dossier):
    client.force_login(user)
    return client.get(reverse("desk:case", args=[dossier.pk]))


def check_ids(response):
    return [c["id"] for c in response.context["readiness"]["screening"]["checks"]]


def resubmitted(people, **content_overrides):
    """A dossier sent back for revision, edited, and submitted again as version 2."""
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.REVISION_REQUESTED, people.cast()
    )
    services.dossier_update(
        actor=people.provider_a, dossier=dossier, content=complete_content(**content_overrides)
    )
    services.dossier_submit(actor=people.provider_a, dossier=dossier)
    dossier.refresh_from_db()
    return dossier


def test_the_secretariat_sees_the_screening_of_the_submitted_version(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUBMITTED, people.cast()
    )
    response = case_page(client, people.secretariat, dossier)
    page = response.content.decode()
    assert "Screening of version 1" in page
    assert 'data-check="size:JP"' in page
    assert "60 hours meets the Japan rule" in page
    assert response.context["readiness"]["screening"]["eligible"] is True
    assert response.context["readiness"]["problems"] == []


def test_the_screening_is_of_the_latest_version_not_the_working_copy(client, people):
    hours = {"contact": 100, "self_study": 45, "assessment": 5, "credits_claimed": []}
    hours["credits_claimed"] = [{"system": "ECTS", "value": 5}]
    dossier = resubmitted(people, learning_hours=hours, jurisdiction_profiles=["JP", "EU"])
    response = case_page(client, people.committee, dossier)
    assert "Screening of version 2" in response.content.decode()
    assert check_ids(response)[4:] == [
        "size:JP",
        "size:EU",
        "credits_consistent:ECTS",
        "not_macro",
    ]


def test_the_screening_uses_the_current_reference_data(client, people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUBMITTED, people.cast()
    )
    JurisdictionProfile.objects.filter(code="JP").update(min_hours=61)
    response = case_page(client, people.secretariat, dossier)
    screening = response.context["readiness"]["screening"]
    assert screening["eligible"] is False
    assert "Not eligible yet" in response.content.decode()


def test_a_draft_never_submitted_has_no_screening_on_the_desk(client, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    response = case_page(client, people.secretariat, dossier)
    assert response.status_code == 200
    assert not response.context["readiness"]
    assert 'id="screening"' not in response.content.decode()


def test_the_case_page_with_screening_runs_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries
):
    small = advance(
        make_dossier(people.org_a, author=people.provider_a), S.SUBMITTED, people.cast()
    )
    with django_assert_max_num_queries(40) as few:
        case_page(client, people.secretariat, small)
    hours = {"contact": 100, "self_study": 45, "assessment": 5, "credits_claimed": []}
    hours["credits_claimed"] = [
        {"system": "ECTS", "value": 5},
        {"system": "JP", "value": 3},
        {"system": "NZ", "value": 15},
    ]
    big = resubmitted(
        people, learning_hours=hours, jurisdiction_profiles=["JP", "EU", "NZ", "US", "MY"]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = case_page(client, people.secretariat, big)
    assert (
        len(check_ids(response)) == len(check_ids(case_page(client, people.secretariat, small))) + 7
    )
