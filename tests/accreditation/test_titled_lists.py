"""Lists read a dossier's title, never its whole content (selectors.titled), and a page's
rows by their keys first (config.paging): the portal, the desk's case list, the reviewer
queue and the desk overview's overdue lists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.models import DossierState
from demo.workflow import advance
from reviewers import services
from reviewers.models import Assignment
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
TITLE = {"ja": "データサイエンス入門", "en": "Introduction to Data Science"}


@pytest.fixture
def invitation(people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    invitation = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )
    past = timezone.localdate() - timedelta(days=3)
    Assignment.objects.filter(pk=invitation.pk).update(respond_by=past)
    return invitation


def listed(client, user, url, rows):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    listed = list(rows(response.context))
    assert listed, f"{url} lists nothing"
    return response, listed


@pytest.mark.parametrize(
    ("role", "page"), [("provider_a", "portal:list"), ("secretariat", "desk:cases")]
)
def test_dossier_lists_show_titles_without_the_working_copy(client, people, invitation, role, page):
    response, dossiers = listed(client, getattr(people, role), reverse(page), lambda c: c["page"])
    assert [d.listed_title for d in dossiers] == [TITLE]
    assert "content" in dossiers[0].get_deferred_fields()
    assert TITLE["en"] in response.content.decode()


def test_the_queue_lists_titles_without_either_content(client, people, invitation):
    response, assignments = listed(
        client, people.reviewer.user, reverse("review:queue"), lambda c: c["page"]
    )
    (assignment,) = assignments
    assert assignment.listed_title == TITLE
    assert assignment.field_of_study == "digital"
    assert "content" in assignment.version.get_deferred_fields()
    assert "content" in assignment.version.dossier.get_deferred_fields()
    assert TITLE["en"] in response.content.decode()


def test_the_overview_lists_overdue_work_by_title(client, people, invitation):
    response, rows = listed(
        client,
        people.secretariat,
        reverse("desk:overview"),
        lambda c: c["overdue_invitations"]["rows"],
    )
    (assignment,) = rows
    assert assignment.listed_title == TITLE
    assert "content" in assignment.version.get_deferred_fields()
    assert "content" in assignment.version.dossier.get_deferred_fields()
    assert f"#{invitation.version.dossier_id} {TITLE['en']}" in response.content.decode()
