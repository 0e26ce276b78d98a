"""Badges secured as compact JWTs: the other proof format Open Badges 3.0 allows (VC-JWT).

Our endorsement is always a JSON-LD credential with a Data Integrity proof, but a platform may
secure the learner's badge around it as a JWT. We read the credential out of the payload (the
claims at the top level, or under `vc` as VC 1.1 wrote them) and check the JWT's signature when
it can be checked offline: EdDSA by a did:key. Other keys would have to be fetched.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature

from . import keys


@dataclass(frozen=True)
class JwtBadge:
    credential: dict
    header: dict
    signing_input: bytes
    signature: bytes


def _b64url(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def decode(text):
    """The JwtBadge of a compact JWT; ValueError saying what is wrong with it."""
    header_part, payload_part, signature_part = text.split(".")
    try:
        header = json.loads(_b64url(header_part))
        payload = json.loads(_b64url(payload_part))
        signature = _b64url(signature_part)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"the JWT's parts are not base64url JSON ({error})") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("the JWT's header and payload must be JSON objects")
    credential = payload["vc"] if isinstance(payload.get("vc"), dict) else payload
    signing_input = f"{header_part}.{payload_part}".encode("ascii")
    return JwtBadge(credential, header, signing_input, signature)


def verify_signature(badge):
    """(passed, key id): True or False for an EdDSA JWT by a did:key, None when the key
    cannot be known offline."""
    kid = badge.header.get("kid")
    if badge.header.get("alg") not in ("EdDSA", "Ed25519") or not isinstance(kid, str):
        return None, str(kid or badge.header.get("alg") or "-")
    public_key = keys.public_key_from_did_key(kid)
    if public_key is None:
        return None, kid
    try:
        public_key.verify(badge.signature, badge.signing_input)
    except InvalidSignature:
        return False, kid
    return True, kid
