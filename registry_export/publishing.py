"""Keeping the stored registry documents in line with the register."""

from django.db import transaction

from accreditation.selectors import published_item

from . import documents
from .models import RegistryDocument

BUILDERS = {documents.ACHIEVEMENT: documents.achievement}


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
