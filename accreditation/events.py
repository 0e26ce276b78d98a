"""Events the core announces after a transaction commits; other apps subscribe to them.

The catalogue (`cms`) and the registry (`registry_export`) react to a certified item's
lifecycle through receivers they connect in their AppConfig.ready(). The core never imports
them, and they receive only the dossier id: never reviewer data.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

APPROVED = "approved"
RENEWED = "renewed"
SUSPENDED = "suspended"
REINSTATED = "reinstated"
EXPIRED = "expired"
REVOKED = "revoked"

#: Sent with `dossier_id` and `event` (one of the names above) once the change is committed.
credential_lifecycle = Signal()


def announce_on_commit(*, dossier_id, event):
    def send():
        for receiver, result in credential_lifecycle.send_robust(
            sender=None, dossier_id=dossier_id, event=event
        ):
            if isinstance(result, Exception):
                logger.error(
                    "Receiver %r failed on %s of dossier %s",
                    receiver,
                    event,
                    dossier_id,
                    exc_info=result,
                )

    transaction.on_commit(send)
