"""The scheduler's job: expire certified items whose validity has ended, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accreditation.models import AuditEvent, Decision, DossierState
from accreditation.tasks import expire_lapsed_accreditations
from cms.models import CatalogueItemPage
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState


def certified_until(people, valid_until, state=S.ACCREDITED):
    dossier = advance(make_dossier(people.org_a, author=people.provider_a), state, people.cast())
    Decision.objects.filter(dossier=dossier).update(
        valid_from=valid_until - timedelta(days=1000), valid_until=valid_until
    )
    return dossier


def test_lapsed_items_expire_once_and_leave_the_catalogue_listing(
    people, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        lapsed = certified_until(people, today - timedelta(days=1))
        suspended = certified_until(people, today - timedelta(days=1), state=S.SUSPENDED)
        current = certified_until(people, today)

    with django_capture_on_commit_callbacks(execute=True):
        expired = expire_lapsed_accreditations()
    assert sorted(expired) == sorted([lapsed.pk, suspended.pk])
    for dossier, state in ((lapsed, S.EXPIRED), (suspended, S.EXPIRED), (current, S.ACCREDITED)):
        dossier.refresh_from_db()
        assert dossier.state == state
    events = AuditEvent.objects.filter(action="dossier.expire", dossier=lapsed)
    assert events.count() == 1
    assert events.get().actor is None
    pages = CatalogueItemPage.objects.filter(translation_key=lapsed.credential_id)
    assert set(pages.values_list("status", flat=True)) == {"expired"}

    assert expire_lapsed_accreditations() == []
    assert AuditEvent.objects.filter(action="dossier.expire").count() == 2
