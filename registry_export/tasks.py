from celery import shared_task

from accreditation.selectors import credential_id_of

from . import endorsements, publishing


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_registry_documents(dossier_id):
    """On a lifecycle event: sign the approval if new, refresh the item's documents and the
    status lists. Each step is idempotent, so a retry redoes only what is missing."""
    credential_id = credential_id_of(dossier_id)
    if credential_id is None:
        return 0
    written = publishing.refresh_documents(credential_id)
    endorsements.refresh_status_lists()
    return written


@shared_task
def refresh_status_lists():
    """Beat, daily: re-sign the status lists before their validity runs short."""
    return endorsements.refresh_status_lists()


@shared_task
def reconcile_registry():
    """Beat: rebuild the documents of items whose stored ones are missing or outdated."""
    stale = publishing.out_of_date_credential_ids()
    for credential_id in stale:
        publishing.refresh_documents(credential_id)
    if stale:
        endorsements.refresh_status_lists()
    return len(stale)


@shared_task
def build_registry_dumps():
    """Beat, nightly: rewrite the full dumps from the stored documents. Idempotent."""
    from . import dumps

    return dumps.write_dumps()["counts"]["documents"]
