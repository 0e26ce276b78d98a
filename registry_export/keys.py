"""The accreditor's Ed25519 keys: the secret from the environment, the public ones on record.

The signing key is ACCREDITOR_KEY (README "Accreditor keys"). Without it, development generates
one once into ACCREDITOR_KEY_FILE, a gitignored file under var/, rather than the database: a
secret in the database would travel with every dump and backup, and the file survives
`flush`. Production never generates (ACCREDITOR_KEY_GENERATE is False): a key made inside a
fresh container would change with each deploy.

Every public key ever used is an `AccreditorKey` row; when the configured key changes (a new
ACCREDITOR_KEY, or `manage.py rotate_accreditor_key` in development) the previous row is retired,
not deleted, so proofs made with it still verify through `resolve_key`.
"""

import base64
import binascii
import os
from contextlib import suppress
from urllib.parse import quote, urlsplit

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from .models import AccreditorKey

ED25519_PUBLIC_PREFIX = b"\xed\x01"  # multicodec ed25519-pub
ED25519_SECRET_PREFIX = b"\x80\x26"  # multicodec ed25519-priv
SEED_LENGTH = 32


# Multikey encoding ---------------------------------------------------------------------------


def public_multibase(public_key):
    """Multikey form of an Ed25519 public key: "z6Mk…" (base58btc of 0xed01 + 32 bytes)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PUBLIC_PREFIX + raw).decode("ascii")


def secret_multibase(private_key):
    seed = private_key.private_bytes_raw()
    return "z" + base58.b58encode(ED25519_SECRET_PREFIX + seed).decode("ascii")


def _multikey_bytes(value, prefix):
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("a Multikey is a base58btc multibase string starting with 'z'")
    raw = base58.b58decode(value[1:])
    if not raw.startswith(prefix) or len(raw) != len(prefix) + SEED_LENGTH:
        raise ValueError(f"not an Ed25519 Multikey (expected multicodec 0x{prefix.hex()})")
    return raw[len(prefix) :]


def public_key_from_multibase(value):
    return Ed25519PublicKey.from_public_bytes(_multikey_bytes(value, ED25519_PUBLIC_PREFIX))


def parse_secret_key(value):
    """ACCREDITOR_KEY's accepted forms: multibase "z…" (0x8026 + seed), hex or base64 seed."""
    value = value.strip()
    if value.startswith("z"):
        seed = _multikey_bytes(value, ED25519_SECRET_PREFIX)
    elif len(value) == 2 * SEED_LENGTH:
        try:
            seed = bytes.fromhex(value)
        except ValueError:
            seed = b""
    else:
        standard = value.replace("-", "+").replace("_", "/")
        try:
            seed = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
        except binascii.Error:
            seed = b""
    if len(seed) != SEED_LENGTH:
        raise ValueError(
            "ACCREDITOR_KEY must be a multibase Ed25519 secret key (z…) or a 32-byte seed "
            "as 64 hex digits or base64"
        )
    return Ed25519PrivateKey.from_private_bytes(seed)


# DIDs ----------------------------------------------------------------------------------------


def site_did():
    """did:web of SITE_URL's host (a port is percent-encoded); served at /.well-known/did.json."""
    netloc = urlsplit(settings.SITE_URL).netloc
    return "did:web:" + quote(netloc, safe="")


def did_key(multibase):
    return f"did:key:{multibase}"


def did_key_method(multibase):
    """The did:key verification method URL of a Multikey: did:key:z6Mk…#z6Mk…."""
    return f"{did_key(multibase)}#{multibase}"


def verification_method(multibase):
    """The id under which our DID document lists a key, and which our proofs name."""
    return f"{site_did()}#{multibase}"


def public_key_from_did_key(url):
    """The public key a did:key URL embeds (any did:key, trusted or not), or None."""
    if not isinstance(url, str) or not url.startswith("did:key:"):
        return None
    multibase, _, fragment = url.removeprefix("did:key:").partition("#")
    if fragment and fragment != multibase:
        return None
    try:
        return public_key_from_multibase(multibase)
    except ValueError:
        return None


def resolve_key(verification_method_url):
    """Our public key (current or retired) named by a did:web or did:key method URL, or None."""
    if not isinstance(verification_method_url, str):
        return None
    if verification_method_url.startswith("did:key:"):
        multibase = verification_method_url.removeprefix("did:key:").partition("#")[0]
        if public_key_from_did_key(verification_method_url) is None:
            return None
    else:
        did, _, multibase = verification_method_url.partition("#")
        if did != site_did():
            return None
    if not AccreditorKey.objects.filter(public_key_multibase=multibase).exists():
        return None
    try:
        return public_key_from_multibase(multibase)
    except ValueError:
        return None


# The signing key -----------------------------------------------------------------------------


def _write_key_file(path, private_key):
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret_multibase(private_key) + "\n")


def configured_secret_key():
    """The secret key to sign with now: ACCREDITOR_KEY, else the development key file."""
    if settings.ACCREDITOR_KEY:
        try:
            return parse_secret_key(settings.ACCREDITOR_KEY)
        except ValueError as error:
            raise ImproperlyConfigured(str(error)) from error
    path = settings.ACCREDITOR_KEY_FILE
    if path.is_file():
        try:
            return parse_secret_key(path.read_text(encoding="ascii"))
        except ValueError as error:
            raise ImproperlyConfigured(f"{path}: {error}") from error
    if not settings.ACCREDITOR_KEY_GENERATE:
        raise ImproperlyConfigured("ACCREDITOR_KEY must be set to sign registry documents.")
    private_key = Ed25519PrivateKey.generate()
    _write_key_file(path, private_key)
    return private_key


@transaction.atomic
def accreditor_key_record(private_key):
    """Record `private_key`'s public half as the current key, retiring the previous one."""
    multibase = public_multibase(private_key.public_key())
    current = AccreditorKey.objects.select_for_update().filter(is_current=True).first()
    if current is not None and current.public_key_multibase == multibase:
        return current
    if current is not None:
        current.is_current = False
        current.retired_at = timezone.now()
        current.save(update_fields=["is_current", "retired_at"])
    record, created = AccreditorKey.objects.get_or_create(
        public_key_multibase=multibase, defaults={"is_current": True}
    )
    if not created:  # a retired key configured again becomes current again
        record.is_current = True
        record.retired_at = None
        record.save(update_fields=["is_current", "retired_at"])
    return record


def signing_key():
    """(private key, verification method URL) to sign with, the key on record as current."""
    private_key = configured_secret_key()
    record = accreditor_key_record(private_key)
    return private_key, verification_method(record.public_key_multibase)


def accreditor_key_rotate():
    """Development: replace the key file with a new key and record it. With ACCREDITOR_KEY set,
    rotation is changing the setting; this then only records the configured key."""
    if settings.ACCREDITOR_KEY:
        return accreditor_key_record(configured_secret_key())
    private_key = Ed25519PrivateKey.generate()
    _write_key_file(settings.ACCREDITOR_KEY_FILE, private_key)
    return accreditor_key_record(private_key)


# The DID document ----------------------------------------------------------------------------

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


def did_document():
    """The accreditor's did:web document: every key on record, each an assertion method."""
    # Record the configured key, so that the document lists it before any signing; with no key
    # configured (production before ACCREDITOR_KEY is set) list the keys on record.
    with suppress(ImproperlyConfigured):
        signing_key()
    did = site_did()
    records = list(AccreditorKey.objects.all())
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "alsoKnownAs": [did_key(r.public_key_multibase) for r in records],
        "verificationMethod": [
            {
                "id": verification_method(r.public_key_multibase),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": r.public_key_multibase,
            }
            for r in records
        ],
        # Retired keys stay assertion methods: a rotation must not break the records, and the
        # learners' badges embedding them, signed before it. Only the current key signs; a
        # compromised key is withdrawn by rotating, then deleting its row (/django-admin/).
        "assertionMethod": [verification_method(r.public_key_multibase) for r in records],
    }
