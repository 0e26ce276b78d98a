"""The catalogue's reaction to the register's lifecycle events (accreditation.events)."""

from outbox.messages import schedule

from . import page_cache, tasks


def on_credential_lifecycle(sender, *, dossier_id, event, **kwargs):
    # Every lifecycle event changes what the page must say; the task works out what.
    schedule(tasks.sync_catalogue_item, dossier_id)


def on_public_content_changed(sender, **kwargs):
    """A page published, unpublished, moved or deleted in the Wagtail admin, or reference data
    the pages show (frameworks, crosswalk, credit systems, fields): rendered pages are stale."""
    page_cache.invalidate_catalogue()
