from celery import shared_task

from accreditation.selectors import credential_id_of

from . import publishing


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_registry_documents(dossier_id):
    credential_id = credential_id_of(dossier_id)
    if credential_id is None:
        return 0
    return publishing.refresh_documents(credential_id)


@shared_task
def reconcile_registry():
    """Beat: rebuild the documents of items whose stored ones are missing or outdated."""
    stale = publishing.out_of_date_credential_ids()
    for credential_id in stale:
        publishing.refresh_documents(credential_id)
    return len(stale)


@shared_task
def build_registry_dumps():
    """Beat, nightly: rewrite the full dumps from the stored documents. Idempotent."""
    from . import dumps

    return dumps.write_dumps()["counts"]["documents"]
