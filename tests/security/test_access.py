"""Who may see what: missing and forbidden both answer 404; providers never see reviewers."""

import pytest
from django.urls import reverse

from accreditation.models import Dossier, DossierState
from demo.workflow import advance
from reviewers import services as reviewer_services
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture
def dossier_a(people):
    return make_dossier(people.org_a, author=people.provider_a)


def as_user(client, user):
    client.force_login(user)
    return client


PORTAL_PAGES = ["portal:detail", "portal:edit"]
PORTAL_ACTIONS = ["portal:submit", "portal:withdraw", "portal:appeal", "portal:renew"]


@pytest.mark.parametrize("name", PORTAL_PAGES)
def test_provider_b_gets_404_on_provider_a_dossier_pages(client, people, dossier_a, name):
    response = as_user(client, people.provider_b).get(reverse(name, args=[dossier_a.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", PORTAL_ACTIONS)
def test_provider_b_gets_404_on_provider_a_dossier_actions(client, people, dossier_a, name):
    response = as_user(client, people.provider_b).post(reverse(name, args=[dossier_a.pk]))
    assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier_a.pk).state == S.DRAFT


def test_missing_and_forbidden_dossiers_look_the_same(client, people, dossier_a):
    client = as_user(client, people.provider_b)
    forbidden = client.get(reverse("portal:detail", args=[dossier_a.pk]))
    missing = client.get(reverse("portal:detail", args=[dossier_a.pk + 1000]))
    assert forbidden.status_code == missing.status_code == 404


def test_provider_a_sees_own_dossier_and_only_it_in_the_list(client, people, dossier_a):
    make_dossier(people.org_b, author=people.provider_b, title={"ja": "他社", "en": "Other org"})
    client = as_user(client, people.provider_a)
    assert client.get(reverse("portal:detail", args=[dossier_a.pk])).status_code == 200
    listing = client.get(reverse("portal:list"))
    assert list(listing.context["page"]) == [dossier_a]


def test_viewer_member_can_read_but_not_edit(client, people, dossier_a):
    client = as_user(client, people.viewer_a)
    assert client.get(reverse("portal:detail", args=[dossier_a.pk])).status_code == 200
    assert client.get(reverse("portal:edit", args=[dossier_a.pk])).status_code == 404
    client.post(reverse("portal:submit", args=[dossier_a.pk]))
    assert Dossier.objects.get(pk=dossier_a.pk).state == S.DRAFT


@pytest.mark.parametrize("area", ["portal:list", "review:queue", "desk:cases"])
def test_a_signed_in_user_without_the_role_gets_404_on_the_area(client, people, area):
    assert as_user(client, people.outsider).get(reverse(area)).status_code == 404


def test_areas_ask_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("desk:cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_provider_cannot_reach_the_desk_case_of_its_own_dossier(client, people, dossier_a):
    response = as_user(client, people.provider_a).get(reverse("desk:case", args=[dossier_a.pk]))
    assert response.status_code == 404


@pytest.fixture
def invited(people, dossier_a):
    advance(dossier_a, S.IN_REVIEW, people.cast())
    return reviewer_services.assignment_invite(
        actor=people.secretariat, dossier=dossier_a, reviewer=people.reviewer
    )


def test_a_reviewer_not_assigned_gets_404_on_the_assignment(client, people, invited):
    other = as_user(client, people.second_reviewer.user)
    assert other.get(reverse("review:assignment", args=[invited.pk])).status_code == 404
    response = other.post(reverse("review:accept", args=[invited.pk]), {"no_conflict": "on"})
    assert response.status_code == 404
    invited.refresh_from_db()
    assert invited.state == "invited"


def test_the_assigned_reviewer_sees_the_assignment(client, people, invited):
    client = as_user(client, people.reviewer.user)
    assert client.get(reverse("review:assignment", args=[invited.pk])).status_code == 200


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # without the permission cache


def test_the_version_opens_to_a_reviewer_only_on_acceptance(people, invited):
    version = invited.version
    assert not people.reviewer.user.has_perm("accreditation.view_dossierversion", version)
    reviewer_services.assignment_accept(
        actor=people.reviewer.user, assignment=invited, no_conflict=True
    )
    assert fresh(people.reviewer.user).has_perm("accreditation.view_dossierversion", version)
    assert not people.second_reviewer.user.has_perm("accreditation.view_dossierversion", version)


def test_a_declined_invitation_never_opens_the_version(people, invited):
    reviewer_services.assignment_decline(
        actor=people.reviewer.user, assignment=invited, reason="Travelling."
    )
    user = fresh(people.reviewer.user)
    assert not user.has_perm("accreditation.view_dossierversion", invited.version)


def test_provider_pages_never_name_the_reviewers(client, people, dossier_a):
    advance(dossier_a, S.ACCREDITED, people.cast())
    page = as_user(client, people.provider_a).get(reverse("portal:detail", args=[dossier_a.pk]))
    html = page.content.decode()
    for reviewer in (people.reviewer, people.second_reviewer):
        assert reviewer.user.email not in html
        assert reviewer.user.get_full_name() not in html
    assert people.secretariat.email not in html
    assert people.committee.email not in html
    # The provider still sees the decision and its own actions in the timeline.
    assert "All six fields meet the standard." in html
    assert people.provider_a.get_full_name() in html
