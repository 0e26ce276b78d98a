"""The signed accreditation record and the status lists that publish its status (DESIGN §4).

Each approval or renewal of an item is signed once as an Open Badges 3.0
`EndorsementCredential` (VC Data Model 2.0) whose subject is the item's Achievement, with an
`eddsa-rdfc-2022` Data Integrity proof. A badge platform embeds it in the `endorsement` of its
badges' Achievement; /verify/ checks it against the register.

Status is published through two W3C Bitstring Status Lists, one per purpose: revocation and
suspension. Every endorsement of an item points at the item's bit in both (the item's status is
what changes, not the record's). Expiry needs no list: the record's `validUntil` is the end of
the accreditation's validity, and a renewal is a new record. The two lists are standard
single-bit lists, which is what Open Badges verifiers read; a two-bit "message" list could
carry all four states in one entry, but such verifiers refuse multi-bit entries.
"""

import logging
import secrets
import uuid
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from openbadgeslib.ob3.status import decode_encoded_list, set_indices
from openbadgeslib.ob3.status_list import (
    DEFAULT_SIZE_BITS,
    build_status_list_credential,
    status_entry,
)

from accreditation import content as dossier_content
from accreditation.content import ACCREDITATION_BODY_NAME
from accreditation.models import DossierState
from accreditation.selectors import current_public_records

from . import dataintegrity, keys
from .documents import item_url
from .jsonld import OB_V3P0, VC_V2
from .models import Endorsement, StatusList, StatusListSlot

#: The 1EdTech JSON Schema an OB 3.0 EndorsementCredential conforms to.
ENDORSEMENT_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)
logger = logging.getLogger(__name__)

#: Bits per list: the spec's minimum, so that one item's bit hides among many.
STATUS_LIST_SIZE = DEFAULT_SIZE_BITS
#: How long a signed list stays valid; the daily beat re-signs it well before.
STATUS_LIST_VALIDITY = timedelta(days=7)
#: Re-sign an unchanged list once less than this much of its validity is left.
STATUS_LIST_RESIGN_BEFORE = timedelta(days=6)
#: The reader's refresh hint (Bitstring Status List §2.2), in milliseconds: one hour.
STATUS_LIST_TTL_MS = 60 * 60 * 1000
#: Which item state sets the item's bit in which list.
STATE_OF_PURPOSE = {
    StatusList.Purpose.REVOCATION: DossierState.REVOKED,
    StatusList.Purpose.SUSPENSION: DossierState.SUSPENDED,
}


def endorsement_url(public_id):
    path = reverse("registry:endorsement", kwargs={"public_id": public_id})
    return f"{settings.SITE_URL}{path}"


def status_list_url(purpose):
    return f"{settings.SITE_URL}{reverse('registry:status_list', kwargs={'purpose': purpose})}"


def accreditor_profile():
    """The issuer of our records: the register, identified by its did:web."""
    with override("ja"):
        name = str(ACCREDITATION_BODY_NAME)
    return {
        "id": keys.site_did(),
        "type": ["Profile"],
        "name": name,
        "url": f"{settings.SITE_URL}/",
    }


def _xsd(moment):
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def validity_bounds(item):
    """(validFrom, validUntil) of an approval: the first and the last moment, in the register's
    time zone, of the days the decision gave (valid_until is the last valid day)."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(item.valid_from, time.min, tzinfo=zone)
    end = datetime.combine(item.valid_until + timedelta(days=1), time.min, tzinfo=zone)
    return start, end - timedelta(seconds=1)


def _comment(item):
    """The record's claim in both languages: who certified what, and until when."""
    lines = []
    for language in dossier_content.TEXT_LANGUAGES:
        with override(language):
            lines.append(
                gettext(
                    "%(body)s certifies “%(title)s” by %(provider)s as a micro-credential "
                    "that meets its standard, from %(start)s until %(end)s."
                )
                % {
                    "body": ACCREDITATION_BODY_NAME,
                    "title": dossier_content.text(item.content.get("title"), language),
                    "provider": item.organisation.name_in(language),
                    "start": item.valid_from.isoformat(),
                    "end": item.valid_until.isoformat(),
                }
            )
    return "\n".join(lines)


def endorsement_document(item, *, public_id, status_index):
    """The unsigned EndorsementCredential of the item's current approval."""
    valid_from, valid_until = validity_bounds(item)
    title = dossier_content.text(item.content.get("title"), "ja")
    return {
        "@context": [VC_V2, OB_V3P0],
        "id": endorsement_url(public_id),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": accreditor_profile(),
        "name": title,
        "validFrom": _xsd(valid_from),
        "validUntil": _xsd(valid_until),
        "credentialSubject": {
            "id": item_url(item.credential_id),
            "type": ["EndorsementSubject"],
            "endorsementComment": _comment(item),
        },
        "credentialStatus": [
            status_entry(status_list_url(purpose), purpose, status_index)
            for purpose in StatusList.Purpose.values
        ],
    }


def status_slot(credential_id):
    """The item's index in the status lists, drawn at random once and kept."""
    for _attempt in range(100):
        slot = StatusListSlot.objects.filter(credential_id=credential_id).first()
        if slot is not None:
            return slot
        try:
            with transaction.atomic():
                return StatusListSlot.objects.create(
                    credential_id=credential_id, index=secrets.randbelow(STATUS_LIST_SIZE)
                )
        except IntegrityError:  # the index was taken, or a concurrent task made the slot
            continue
    raise RuntimeError("No free status list index found after 100 draws: enlarge the lists.")


def ensure_endorsement(item):
    """The signed record of the item's current approval, signing it the first time.

    Idempotent: one record per approved dossier, so a retried or repeated task returns the
    stored one and a renewal (a new dossier) gets a new one."""
    existing = Endorsement.objects.filter(dossier_id=item.dossier_id).first()
    if existing is not None:
        return existing
    slot = status_slot(item.credential_id)
    public_id = uuid.uuid4()
    unsigned = endorsement_document(item, public_id=public_id, status_index=slot.index)
    private_key, method = keys.signing_key()
    signed = dataintegrity.create_proof(
        unsigned,
        private_key,
        created=timezone.now().replace(microsecond=0),
        verification_method=method,
    )
    try:
        with transaction.atomic():
            return Endorsement.objects.create(
                public_id=public_id,
                credential_id=item.credential_id,
                dossier_id=item.dossier_id,
                document=signed,
            )
    except IntegrityError:  # a concurrent task signed this approval first
        return Endorsement.objects.get(dossier_id=item.dossier_id)


# Status lists --------------------------------------------------------------------------------


def status_indices():
    """{purpose: sorted indices whose bit is set}, from the register's current states."""
    states = {
        credential_id: state for credential_id, (_pk, state) in current_public_records().items()
    }
    indices = {purpose: [] for purpose in StatusList.Purpose.values}
    for credential_id, index in StatusListSlot.objects.values_list("credential_id", "index"):
        for purpose, state in STATE_OF_PURPOSE.items():
            if states.get(credential_id) == state:
                indices[purpose].append(index)
    return {purpose: sorted(found) for purpose, found in indices.items()}


def set_bits(status_list_document):
    """The sorted indices whose bit is set in a signed list."""
    encoded = status_list_document["credentialSubject"]["encodedList"]
    return sorted(set_indices(decode_encoded_list(encoded)))


def _needs_signing(status_list, indices, now):
    if status_list is None or set_bits(status_list.document) != indices:
        return True
    valid_until = datetime.fromisoformat(status_list.document["validUntil"])
    return valid_until - now < STATUS_LIST_RESIGN_BEFORE


def sign_status_list(purpose, indices, now, signing_key=None):
    """The signed list; `signing_key` is keys.signing_key()'s pair, looked up if not given."""
    unsigned = build_status_list_credential(
        keys.site_did(),
        status_list_url(purpose),
        purpose,
        indices,
        size_bits=STATUS_LIST_SIZE,
        issued=now,
        valid_until=now + STATUS_LIST_VALIDITY,
        ttl=STATUS_LIST_TTL_MS,
    )
    private_key, method = signing_key or keys.signing_key()
    return dataintegrity.create_proof(
        unsigned, private_key, created=now, verification_method=method
    )


@transaction.atomic
def refresh_status_lists():
    """Re-sign each list whose bits changed or whose validity runs short; idempotent.
    Returns the purposes signed. Without a signing key (production before ACCREDITOR_KEY is
    set) nothing is signed and the error is logged; the daily beat and the next lifecycle
    event try again."""
    now = timezone.now().replace(microsecond=0)
    try:
        signing_key = keys.signing_key()
    except ImproperlyConfigured:
        logger.exception("Cannot sign the status lists")
        return []
    signed = []
    for purpose, indices in status_indices().items():
        status_list = StatusList.objects.select_for_update().filter(purpose=purpose).first()
        if not _needs_signing(status_list, indices, now):
            continue
        document = sign_status_list(purpose, indices, now, signing_key)
        StatusList.objects.update_or_create(purpose=purpose, defaults={"document": document})
        signed.append(purpose)
    return signed
