"""The registry's reaction to the register's lifecycle events (accreditation.events)."""

from . import tasks


def on_credential_lifecycle(sender, *, dossier_id, event, **kwargs):
    tasks.refresh_registry_documents.delay(dossier_id)
