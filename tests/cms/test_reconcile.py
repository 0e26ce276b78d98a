"""Nothing is lost: if a publishing task never ran, the periodic sweep catches up."""

import pytest

from accreditation import services
from accreditation.models import DossierState
from cms import publishing
from cms.models import CatalogueItemPage
from cms.tasks import reconcile_catalogue
from demo.workflow import advance
from registry_export import publishing as registry_publishing
from registry_export.models import RegistryDocument
from registry_export.tasks import reconcile_registry
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture
def approved_but_never_published(people):
    """Approved, but the on-commit callbacks never ran (as if the broker had been down)."""
    dossier = make_dossier(people.org_a, author=people.provider_a)
    return advance(dossier, S.ACCREDITED, people.cast())


def pages(dossier):
    return CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)


def test_the_sweep_publishes_a_lost_approval_once(approved_but_never_published):
    dossier = approved_but_never_published
    assert publishing.out_of_date_credential_ids() == [dossier.credential_id]
    assert reconcile_catalogue() == 1
    assert pages(dossier).count() == 2
    assert publishing.out_of_date_credential_ids() == []
    assert reconcile_catalogue() == 0


def test_the_sweep_catches_a_lost_status_change(people, approved_but_never_published):
    dossier = approved_but_never_published
    reconcile_catalogue()
    services.dossier_suspend(actor=people.committee, dossier=dossier, note="Complaint.")
    assert publishing.out_of_date_credential_ids() == [dossier.credential_id]
    reconcile_catalogue()
    assert set(pages(dossier).values_list("status", flat=True)) == {"suspended"}


def test_the_registry_sweep_rebuilds_missing_documents(approved_but_never_published):
    dossier = approved_but_never_published
    assert registry_publishing.out_of_date_credential_ids() == [dossier.credential_id]
    assert reconcile_registry() == 1
    assert RegistryDocument.objects.filter(credential_id=dossier.credential_id).count() == 5
    assert reconcile_registry() == 0


def test_a_renewal_takes_over_the_same_pages_and_record(
    people, approved_but_never_published, django_capture_on_commit_callbacks
):
    original = approved_but_never_published
    reconcile_catalogue()
    reconcile_registry()
    page_ids = set(pages(original).values_list("pk", flat=True))
    renewal = services.dossier_renew(actor=people.provider_a, dossier=original)
    renewal.content = {**renewal.content, "title": {"ja": "改訂版", "en": "Revised edition"}}
    services.dossier_update(actor=people.provider_a, dossier=renewal, content=renewal.content)
    with django_capture_on_commit_callbacks(execute=True):
        advance(renewal, S.ACCREDITED, people.cast())

    assert renewal.credential_id == original.credential_id
    assert set(pages(original).values_list("pk", flat=True)) == page_ids
    assert set(pages(original).values_list("dossier_id", flat=True)) == {renewal.pk}
    assert pages(original).get(locale__language_code="en").title == "Revised edition"
    document = RegistryDocument.objects.get(
        credential_id=original.credential_id, kind="ob3-achievement"
    )
    assert (document.dossier_id, document.document["name"]) == (renewal.pk, "改訂版")
    # The original's own expiry later must not take the page back from the renewal.
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_expire(dossier=original)
    assert set(pages(original).values_list("status", flat=True)) == {"active"}
    assert publishing.out_of_date_credential_ids() == []
