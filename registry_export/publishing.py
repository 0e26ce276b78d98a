"""Keeping the stored registry documents in line with the register."""

from django.db import transaction

from accreditation.selectors import current_public_records, published_item

from . import ctdl, documents, elm
from .models import RegistryDocument

BUILDERS = {
    documents.ACHIEVEMENT: documents.achievement,
    documents.CTDL: ctdl.micro_credential,
    documents.ELM: elm.learning_achievement_specification,
    documents.SCHEMA_ORG: documents.schema_org_credential,
}


def out_of_date_credential_ids():
    """Published items whose stored documents are missing or come from another dossier
    (a renewal whose refresh task was lost)."""
    stored = {
        (credential_id, kind): dossier_id
        for credential_id, kind, dossier_id in RegistryDocument.objects.values_list(
            "credential_id", "kind", "dossier_id"
        )
    }
    return [
        credential_id
        for credential_id, (dossier_id, _state) in current_public_records().items()
        if any(stored.get((credential_id, kind)) != dossier_id for kind in BUILDERS)
    ]


@transaction.atomic
def refresh_documents(credential_id):
    """Rebuild every document of the item. Idempotent; returns the number written."""
    item = published_item(credential_id)
    if item is None:
        return 0
    for kind, build in BUILDERS.items():
        RegistryDocument.objects.update_or_create(
            credential_id=item.credential_id,
            kind=kind,
            defaults={"dossier_id": item.dossier_id, "document": build(item)},
        )
    return len(BUILDERS)
