from celery import shared_task

from accreditation.selectors import credential_id_of

from . import publishing


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def sync_catalogue_item(dossier_id):
    """Bring the catalogue pages of the dossier's item in line with the register."""
    credential_id = credential_id_of(dossier_id)
    if credential_id is None:
        return 0
    return len(publishing.sync_item(credential_id))


@shared_task
def reconcile_catalogue():
    """Beat: republish every item whose pages lag the register (a lost task). Idempotent."""
    stale = publishing.out_of_date_credential_ids()
    for credential_id in stale:
        publishing.sync_item(credential_id)
    return len(stale)
