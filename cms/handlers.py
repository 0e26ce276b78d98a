"""The catalogue's reaction to the register's lifecycle events (accreditation.events)."""

from . import tasks


def on_credential_lifecycle(sender, *, dossier_id, event, **kwargs):
    # Every lifecycle event changes what the page must say; the task works out what.
    tasks.sync_catalogue_item.delay(dossier_id)
