"""Keeping the stored registry documents in line with the register."""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from accreditation.selectors import current_public_records, published_item

from . import ctdl, dataintegrity, documents, elm, endorsements
from .models import RegistryChange, RegistryDocument

logger = logging.getLogger(__name__)

#: Any constant: the PostgreSQL advisory lock that orders the change log (see _lock_change_log).
CHANGE_LOG_LOCK = 0x5245_4749  # "REGI"

BUILDERS = {
    # The endorsement first: the Achievement embeds it.
    documents.ENDORSEMENT: documents.signed_endorsement,
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


def canonical_nquads(document):
    """The document's RDFC-1.0 N-Quads, stored beside it for the dumps.

    The same canonicalisation the signatures use (dataintegrity.canonize: strict, offline), so
    a harvester's N-Quads are what a proof over the document covers. A document that cannot be
    canonicalised (a context the loader does not hold, a term no context defines) is still
    stored and served; it is logged as an error and left out of the N-Quads dump, which the
    dump's manifest counts, rather than blocking the item's other documents."""
    try:
        return dataintegrity.canonize(document)
    except dataintegrity.CanonicalisationError:
        logger.exception("Registry document %s cannot be canonicalised", document.get("id"))
        return ""


def _lock_change_log():
    """Make change-log ids commit in the order they were taken.

    A harvester resumes after the last id it saw, so an id must never become visible after a
    larger one. On PostgreSQL two transactions could commit their sequence ids out of order;
    a transaction-scoped advisory lock, taken before the first insert and held to the commit,
    serialises the (rare, small) refreshes. SQLite serialises writers already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOG_LOCK])


def _sign_endorsement(item):
    """Sign the item's current approval unless it is signed already. Without a signing key
    (production before ACCREDITOR_KEY is set) the other documents are still refreshed; the
    reconcile sweep tries again, because the endorsement document stays missing."""
    try:
        endorsements.ensure_endorsement(item)
    except ImproperlyConfigured:
        logger.exception("Cannot sign the accreditation record of %s", item.credential_id)


def _remove_documents(credential_id):
    """Remove an item's documents (it is no longer public), logging each removal."""
    _lock_change_log()
    removed = list(
        RegistryDocument.objects.filter(credential_id=credential_id).values_list("kind", flat=True)
    )
    if removed:
        RegistryDocument.objects.filter(credential_id=credential_id).delete()
        RegistryChange.objects.bulk_create(
            RegistryChange(
                credential_id=credential_id, kind=kind, action=RegistryChange.Action.DELETED
            )
            for kind in removed
        )


def _changed_documents(item):
    """{kind: document} of the item's documents that differ from the stored ones (or come
    from another dossier), built and compared before the change log is locked."""
    stored = {
        kind: (dossier_id, document)
        for kind, dossier_id, document in RegistryDocument.objects.filter(
            credential_id=item.credential_id
        ).values_list("kind", "dossier_id", "document")
    }
    changed = {}
    for kind, build in BUILDERS.items():
        document = build(item)
        if document is not None and stored.get(kind) != (item.dossier_id, document):
            changed[kind] = document
    return changed


@transaction.atomic
def refresh_documents(credential_id):
    """Bring the item's stored documents in line with the register: write those that changed,
    or remove them all if it is no longer public. Each write or removal is logged for the
    change feed in the same transaction, and only those: a harvester following the feed
    fetches what changed, not every document on every event. Idempotent; returns the number
    written."""
    item = published_item(credential_id)
    if item is None:
        _remove_documents(credential_id)
        return 0
    _sign_endorsement(item)
    changed = _changed_documents(item)
    nquads = {kind: canonical_nquads(document) for kind, document in changed.items()}
    if changed:
        _lock_change_log()
    for kind, document in changed.items():
        RegistryDocument.objects.update_or_create(
            credential_id=item.credential_id,
            kind=kind,
            defaults={"dossier_id": item.dossier_id, "document": document, "nquads": nquads[kind]},
        )
        RegistryChange.objects.create(
            credential_id=item.credential_id, kind=kind, action=RegistryChange.Action.UPDATED
        )
    return len(changed)
