"""The registry's reaction to the register's lifecycle events (accreditation.events)."""

from outbox.messages import schedule

from . import tasks


def on_credential_lifecycle(sender, *, dossier_id, event, **kwargs):
    schedule(tasks.refresh_registry_documents, dossier_id)
