"""W3C Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (vc-di-eddsa, DESIGN §4).

Signing hashes two RDFC-1.0 canonical forms, the proof options (carrying the document's
`@context`) and the document without its proof, and signs proof-hash ‖ document-hash with
Ed25519. Verification redoes the same and never raises: a verifier answering the public must
turn any input, however broken, into a verdict with a reason.

Canonicalisation is strict: a property that the contexts do not define would be dropped by
JSON-LD expansion and so escape the signature (anyone could add or rename such a key without
breaking the proof). We refuse such documents instead of signing or accepting them.

Contexts come from `jsonld.document_loader`, which is fail-closed. Both functions take a
`document_loader` argument so that tests can add the W3C examples context the official test
vectors use; production code never passes one, so production only knows the standard contexts.
"""

import hashlib
import weakref
from dataclasses import dataclass
from datetime import datetime

import base58
from cachetools import LRUCache
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld.context_resolver import ContextResolver
from pyld.jsonld import JsonLdError, JsonLdProcessor

from . import jsonld

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
SIGNATURE_LENGTH = 64


class Reason:
    """Why a proof did not verify; stable strings that callers and the public may rely on."""

    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown key"
    WRONG_CRYPTOSUITE = "wrong cryptosuite"
    WRONG_PURPOSE = "wrong proof purpose"
    CANONICALISATION_FAILED = "canonicalisation failed"
    SIGNATURE_MISMATCH = "signature mismatch"


@dataclass(frozen=True)
class Verification:
    valid: bool
    reason: str = ""
    detail: str = ""
    verification_method: str = ""

    def __bool__(self):
        return self.valid


class CanonicalisationError(ValueError):
    pass


def _refuse_dropped(term):
    raise CanonicalisationError(f"term {term!r} is not defined by the document's contexts")


# pyld caches resolved "static" contexts in one process-wide cache keyed by URL alone, so a
# context served once by a test loader would later be served to the fail-closed production
# loader too. Each loader gets its own cache instead.
_context_caches = weakref.WeakKeyDictionary()


def _context_resolver(document_loader):
    cache = _context_caches.get(document_loader)
    if cache is None:
        cache = _context_caches[document_loader] = LRUCache(maxsize=100)
    return ContextResolver(cache, document_loader)


def _refuse_relative(node):
    """Refuse a type or node id that expands to a relative IRI (a term no context defines, used
    as a type): RDF conversion drops such triples, so the signature would not cover them."""
    if isinstance(node, list):
        for value in node:
            _refuse_relative(value)
    elif isinstance(node, dict):
        if "@value" in node:
            return
        for iri in [node.get("@id"), *(node.get("@type") or [])]:
            if isinstance(iri, str) and not iri.startswith("_:") and ":" not in iri:
                raise CanonicalisationError(f"{iri!r} is not defined by the document's contexts")
        for key, value in node.items():
            if key not in ("@id", "@type"):
                _refuse_relative(value)


def canonize(document, document_loader=jsonld.document_loader):
    """RDFC-1.0 N-Quads of `document`, refusing what the contexts would silently drop: a
    property they do not define, or a type or id that is not an absolute IRI."""
    processor = JsonLdProcessor(on_property_dropped=_refuse_dropped)
    options = {
        # No base IRI: pyld would otherwise resolve relative IRIs against its own example base
        # (http://example.org/base/) and sign them, where other processors drop them.
        "base": None,
        "documentLoader": document_loader,
        "contextResolver": _context_resolver(document_loader),
    }
    try:
        expanded = processor.expand(document, options)
        _refuse_relative(expanded)
        return processor.normalize(
            expanded, {**options, "algorithm": "URDNA2015", "format": "application/n-quads"}
        )
    except JsonLdError as error:
        raise CanonicalisationError(str(error)) from error


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).digest()


def hash_data(document, proof_config, document_loader=jsonld.document_loader):
    """proofConfigHash ‖ documentHash, the 64 bytes that Ed25519 signs (vc-di-eddsa 3.3.4)."""
    return _sha256(canonize(proof_config, document_loader)) + _sha256(
        canonize(document, document_loader)
    )


def proof_config(document, *, created, verification_method, proof_purpose):
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
        "@context": document["@context"],
    }


def _xsd_datetime(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("created must be timezone-aware")
        return value.isoformat().replace("+00:00", "Z")
    datetime.fromisoformat(value)  # raises ValueError on a malformed string
    return value


def create_proof(
    document,
    key,
    *,
    created,
    verification_method,
    proof_purpose="assertionMethod",
    document_loader=jsonld.document_loader,
):
    """A copy of `document` with an `eddsa-rdfc-2022` proof made with `key` (Ed25519PrivateKey).

    `created` is an aware datetime or an XML Schema dateTime string, kept as given so that a
    known timestamp reproduces a known signature."""
    unsigned = {name: value for name, value in document.items() if name != "proof"}
    config = proof_config(
        unsigned,
        created=_xsd_datetime(created),
        verification_method=verification_method,
        proof_purpose=proof_purpose,
    )
    signature = key.sign(hash_data(unsigned, config, document_loader))
    proof = {name: value for name, value in config.items() if name != "@context"}
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    return {**unsigned, "proof": proof}


def _invalid(reason, detail, verification_method=""):
    return Verification(False, reason, detail, verification_method)


def _signature(proof_value):
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise ValueError("proofValue must be a base58btc multibase string (starting with 'z')")
    signature = base58.b58decode(proof_value[1:])
    if len(signature) != SIGNATURE_LENGTH:
        raise ValueError(f"signature is {len(signature)} bytes, not {SIGNATURE_LENGTH}")
    return signature


def verify_proof(
    signed_document,
    resolve_key,
    *,
    expected_purpose="assertionMethod",
    document_loader=jsonld.document_loader,
):
    """Check the document's `eddsa-rdfc-2022` proof; a `Verification`, never an exception.

    `resolve_key(verification_method)` returns the Ed25519PublicKey of a verification method
    URL, or None when the method is not one the caller trusts."""
    if not isinstance(signed_document, dict):
        return _invalid(Reason.MALFORMED, "the document is not a JSON object")
    proof = signed_document.get("proof")
    if not isinstance(proof, dict):
        return _invalid(Reason.MALFORMED, "the document has no single proof object")
    if "@context" not in signed_document:
        return _invalid(Reason.MALFORMED, "the document has no @context")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return _invalid(
            Reason.WRONG_CRYPTOSUITE,
            f"expected {PROOF_TYPE} / {CRYPTOSUITE}, got "
            f"{proof.get('type')!r} / {proof.get('cryptosuite')!r}",
        )
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        return _invalid(Reason.MALFORMED, "the proof has no verificationMethod")
    try:
        signature = _signature(proof.get("proofValue"))
        _xsd_datetime(proof.get("created"))
    except (ValueError, TypeError) as error:
        return _invalid(Reason.MALFORMED, str(error), method)
    if proof.get("proofPurpose") != expected_purpose:
        return _invalid(
            Reason.WRONG_PURPOSE,
            f"expected {expected_purpose!r}, got {proof.get('proofPurpose')!r}",
            method,
        )
    if "@context" in proof and proof["@context"] != signed_document["@context"]:
        return _invalid(Reason.MALFORMED, "the proof's @context differs from the document's")
    try:
        public_key = resolve_key(method)
    except Exception as error:  # a resolver failure is the caller's, but still not a crash
        return _invalid(Reason.UNKNOWN_KEY, f"resolving {method!r} failed: {error}", method)
    if not isinstance(public_key, Ed25519PublicKey):
        return _invalid(Reason.UNKNOWN_KEY, f"no Ed25519 key is known as {method!r}", method)

    unsigned = {name: value for name, value in signed_document.items() if name != "proof"}
    config = {name: value for name, value in proof.items() if name != "proofValue"}
    config["@context"] = signed_document["@context"]
    try:
        data = hash_data(unsigned, config, document_loader)
    except Exception as error:  # pyld raises more than JsonLdError on hostile input
        return _invalid(Reason.CANONICALISATION_FAILED, str(error), method)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return _invalid(Reason.SIGNATURE_MISMATCH, "the signature does not match", method)
    return Verification(True, verification_method=method)
