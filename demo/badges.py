"""Learners' badges as a badge platform would issue them, to try /verify/ on the demo.

A platform (here a demo one, with its own Ed25519 key named by did:key) issues an Open Badges
3.0 `OpenBadgeCredential` whose achievement is the item's registry Achievement, with the
register's signed endorsement embedded as the Achievement carries it. Nothing here is faked:
the endorsement is the stored, signed one, and the badge's own proof verifies.
"""

import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from registry_export import dataintegrity, keys
from registry_export.documents import ACHIEVEMENT
from registry_export.jsonld import OB_V3P0, VC_V2
from registry_export.models import RegistryDocument

PLATFORM_NAME = "Demo Badge Platform"


def learner_badge(credential_id, *, learner="did:example:demo-learner", key=None, issued=None):
    """A signed badge for the item's current Achievement, issued at `issued` (default now), or
    None if it has no registry Achievement (not certified, or not yet published)."""
    stored = (
        RegistryDocument.objects.filter(credential_id=credential_id, kind=ACHIEVEMENT)
        .values_list("document", flat=True)
        .first()
    )
    if stored is None:
        return None
    key = key or Ed25519PrivateKey.generate()
    method = keys.did_key_method(keys.public_multibase(key.public_key()))
    achievement = {name: value for name, value in stored.items() if name != "@context"}
    now = (issued or timezone.now()).replace(microsecond=0)
    badge = {
        "@context": [VC_V2, OB_V3P0],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": method.partition("#")[0], "type": ["Profile"], "name": PLATFORM_NAME},
        "validFrom": now.isoformat().replace("+00:00", "Z"),
        "name": achievement["name"],
        "credentialSubject": {
            "id": learner,
            "type": ["AchievementSubject"],
            "achievement": achievement,
        },
    }
    return dataintegrity.create_proof(badge, key, created=now, verification_method=method)
