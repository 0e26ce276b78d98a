"""Events the core announces when a certified item's lifecycle changes; other apps subscribe.

The catalogue (`cms`) and the registry (`registry_export`) react through receivers they
connect in their AppConfig.ready(). The core never imports them, and they receive only the
dossier id: never reviewer data. The signal is sent inside the service's transaction, so a
receiver must not do its work there: it writes it to the outbox (outbox.messages.schedule),
which commits with the change and runs once it is committed, whatever the broker does.
"""

from django.dispatch import Signal

APPROVED = "approved"
RENEWED = "renewed"
SUSPENDED = "suspended"
REINSTATED = "reinstated"
EXPIRED = "expired"
REVOKED = "revoked"

#: Sent with `dossier_id` and `event` (one of the names above), in the changing transaction.
credential_lifecycle = Signal()


def announce(*, dossier_id, event):
    """Tell the subscribers. A receiver that fails fails the change: its promise of work is
    part of the change, and a change whose publication was not scheduled must not commit."""
    credential_lifecycle.send(sender=None, dossier_id=dossier_id, event=event)
