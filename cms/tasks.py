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
