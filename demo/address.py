"""The demo's records name the address they were seeded for; they cannot follow a new one.

Signed endorsements name the register by its did:web (SITE_URL's host and port) and every
registry document by SITE_URL, for good. A database seeded at one address and served at
another would answer /verify/ with "foreign issuer" for its own badges, so seeding refuses.
`make seed` keeps a SQLite demo made for another address aside and starts a new one.
"""

from django.conf import settings
from django.core.management.base import CommandError

from registry_export.keys import site_did
from registry_export.models import Endorsement


def seeded_issuer():
    """The did:web the database's records were signed as, or None if nothing is signed yet."""
    record = Endorsement.objects.order_by("signed_at", "id").only("document").first()
    return record.document.get("issuer", {}).get("id") if record else None


def check_seeded_for_this_address():
    issuer = seeded_issuer()
    if issuer is not None and issuer != site_did():
        raise CommandError(
            f"This database was seeded for {issuer}, not for SITE_URL={settings.SITE_URL} "
            f"({site_did()}): its signed records keep their address. Seed a new database "
            "(make seed moves a SQLite demo aside by itself), or serve it at its address."
        )
