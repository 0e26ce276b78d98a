"""The Django admin: reference data editable, workflow records read-only."""

import pytest
from django.contrib.auth import get_user_model

from tests.accreditation.factories import with_second_factor

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "accreditation/fieldofstudy",
    "accreditation/providerorganisation",
    "accreditation/dossier",
    "accreditation/dossierversion",
    "accreditation/decision",
    "accreditation/auditevent",
    "reviewers/reviewerprofile",
    "reviewers/revieweraccreditation",
    "reviewers/assignment",
    "reviewers/rubric",
    "outbox/message",
]


@pytest.fixture
def admin_client(client, people):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(with_second_factor(admin))
    return client


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_every_changelist_opens(admin_client, changelist):
    assert admin_client.get(f"/django-admin/{changelist}/").status_code == 200


def test_workflow_records_cannot_be_added_or_changed(admin_client, people):
    assert admin_client.get("/django-admin/accreditation/dossier/add/").status_code == 403
    response = admin_client.post(
        f"/django-admin/accreditation/providerorganisation/{people.org_a.pk}/change/",
        {"name_en": "Renamed"},
    )
    assert response.status_code == 403
    people.org_a.refresh_from_db()
    assert people.org_a.name_en == "Org A"


def test_reference_data_is_editable(admin_client):
    assert admin_client.get("/django-admin/accreditation/fieldofstudy/add/").status_code == 200
