"""eddsa-rdfc-2022 proofs: the W3C test vectors exactly, then our own key and documents."""

import copy
import hashlib
import json

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry_export import dataintegrity, keys
from registry_export.dataintegrity import Reason
from tests import standards

CREATED = "2026-11-24T09:00:00Z"


@pytest.fixture
def vectors_loader():
    """The production loader plus the W3C examples context the vectors use (tests only)."""
    examples = "https://www.w3.org/ns/credentials/examples/v2"
    document = json.loads(standards.read_text("contexts/credentials-examples-v2.jsonld"))

    def loader(url, options=None):
        if url == examples:
            return {
                "contentType": "application/ld+json",
                "contextUrl": None,
                "documentUrl": url,
                "document": document,
                "tag": "static",
            }
        return dataintegrity.jsonld.document_loader(url, options)

    return loader


class Vectors:
    def __init__(self):
        self.key_pair = json.loads(standards.read_text("test-vectors/keyPair.json"))
        self.signed = json.loads(self.read("signedDataInt.json"))
        self.unsigned = {k: v for k, v in self.signed.items() if k != "proof"}
        self.proof_config = json.loads(self.read("proofConfigDataInt.json"))

    def read(self, name):
        return standards.read_text(f"test-vectors/eddsa-rdfc-2022/{name}")

    def text(self, name):
        return self.read(name).strip()

    def private_key(self):
        return keys.parse_secret_key(self.key_pair["privateKeyMultibase"])


@pytest.fixture
def vectors():
    return Vectors()


def test_the_vector_key_pair_round_trips_through_multikey(vectors):
    private_key = vectors.private_key()
    assert keys.public_multibase(private_key.public_key()) == vectors.key_pair["publicKeyMultibase"]
    assert keys.secret_multibase(private_key) == vectors.key_pair["privateKeyMultibase"]
    assert keys.public_multibase(private_key.public_key()).startswith("z6Mk")


def test_canonical_forms_and_hashes_reproduce_the_vectors(vectors, vectors_loader):
    canonical_document = dataintegrity.canonize(vectors.unsigned, vectors_loader)
    canonical_proof = dataintegrity.canonize(vectors.proof_config, vectors_loader)
    assert canonical_document == vectors.read("canonDocDataInt.txt")
    assert canonical_proof == vectors.read("proofCanonDataInt.txt")
    assert hashlib.sha256(canonical_document.encode()).hexdigest() == vectors.text(
        "docHashDataInt.txt"
    )
    assert hashlib.sha256(canonical_proof.encode()).hexdigest() == vectors.text(
        "proofHashDataInt.txt"
    )
    combined = dataintegrity.hash_data(vectors.unsigned, vectors.proof_config, vectors_loader)
    assert combined.hex() == vectors.text("combinedHashDataInt.txt")


def test_create_proof_reproduces_the_vector_signature(vectors, vectors_loader):
    signed = dataintegrity.create_proof(
        vectors.unsigned,
        vectors.private_key(),
        created=vectors.proof_config["created"],
        verification_method=vectors.proof_config["verificationMethod"],
        document_loader=vectors_loader,
    )
    proof_value = signed["proof"]["proofValue"]
    assert proof_value == vectors.text("sigBTC58DataInt.txt")
    assert base58.b58decode(proof_value[1:]).hex() == vectors.text("sigHexDataInt.txt")
    assert signed == vectors.signed


def test_the_vector_signed_document_verifies(vectors, vectors_loader):
    result = dataintegrity.verify_proof(
        vectors.signed, keys.public_key_from_did_key, document_loader=vectors_loader
    )
    assert result.valid, result
    assert result.verification_method == vectors.proof_config["verificationMethod"]


def test_production_loader_refuses_the_examples_context_even_after_a_test_loader(
    vectors, vectors_loader
):
    assert dataintegrity.verify_proof(
        vectors.signed, keys.public_key_from_did_key, document_loader=vectors_loader
    ).valid
    result = dataintegrity.verify_proof(vectors.signed, keys.public_key_from_did_key)
    assert not result.valid
    assert result.reason == Reason.CANONICALISATION_FAILED


# Our key, our documents ----------------------------------------------------------------------


@pytest.fixture
def achievement():
    """An OB 3.0 Achievement as documents.achievement() builds it."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "http://testserver/registry/items/0b6f2b8e-3c1d-4f7a-9d1e-2a5c7e9f0b11/ob3-achievement.jsonld",
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": "データサイエンス入門",
        "description": "統計とプログラミングの基礎",
        "criteria": {"narrative": "修了試験に合格すること"},
        "creator": {
            "id": "urn:uuid:5d7c8a7e-0f1b-4c3a-8e2d-6b9a1c0d2e3f",
            "type": ["Profile"],
            "name": "組織A",
        },
        "inLanguage": "ja",
        "version": "1",
    }


@pytest.fixture
def signed(db, achievement):
    private_key, method = keys.signing_key()
    return dataintegrity.create_proof(
        achievement, private_key, created=CREATED, verification_method=method
    )


def test_our_signature_round_trips(signed, achievement):
    assert signed["proof"]["verificationMethod"].startswith("did:web:testserver#z6Mk")
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert "@context" not in signed["proof"]
    assert {k: v for k, v in signed.items() if k != "proof"} == achievement
    result = dataintegrity.verify_proof(signed, keys.resolve_key)
    assert result.valid, result


def _paths(value, path=()):
    """Every string leaf outside the proof and @context, as a path into the document."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name not in ("proof", "@context", "proofValue"):
                yield from _paths(item, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))
    elif isinstance(value, str):
        yield path


def _tamper(document, path):
    tampered = copy.deepcopy(document)
    parent = tampered
    for step in path[:-1]:
        parent = parent[step]
    text = parent[path[-1]]
    parent[path[-1]] = text[:-1] + ("X" if text[-1] != "X" else "Y")
    return tampered


def test_changing_any_character_of_the_document_invalidates_it(signed):
    paths = list(_paths({k: v for k, v in signed.items() if k != "proof"}))
    assert len(paths) >= 10
    for path in paths:
        result = dataintegrity.verify_proof(_tamper(signed, path), keys.resolve_key)
        assert not result.valid, path
        assert result.reason in (Reason.SIGNATURE_MISMATCH, Reason.CANONICALISATION_FAILED), path


def test_changing_the_proof_invalidates_it(signed):
    for name, reason in (
        ("created", Reason.SIGNATURE_MISMATCH),
        ("proofValue", Reason.SIGNATURE_MISMATCH),
        ("verificationMethod", Reason.UNKNOWN_KEY),
        ("cryptosuite", Reason.WRONG_CRYPTOSUITE),
        ("proofPurpose", Reason.WRONG_PURPOSE),
    ):
        tampered = copy.deepcopy(signed)
        value = tampered["proof"][name]
        if name == "created":
            tampered["proof"][name] = "2026-11-24T09:00:01Z"
        elif name == "proofValue":
            signature = bytearray(base58.b58decode(value[1:]))
            signature[0] ^= 1
            tampered["proof"][name] = "z" + base58.b58encode(bytes(signature)).decode()
        else:
            tampered["proof"][name] = value[:-1] + ("X" if value[-1] != "X" else "Y")
        result = dataintegrity.verify_proof(tampered, keys.resolve_key)
        assert (result.valid, result.reason) == (False, reason), name


def test_renaming_a_property_to_an_undefined_term_is_refused(signed):
    tampered = copy.deepcopy(signed)
    tampered["nameX"] = tampered.pop("version")
    result = dataintegrity.verify_proof(tampered, keys.resolve_key)
    assert (result.valid, result.reason) == (False, Reason.CANONICALISATION_FAILED)
    assert "nameX" in result.detail


def test_a_type_no_context_defines_is_refused_not_silently_unsigned(db, achievement):
    """A type the contexts do not map (here the OB 3.0 examples' credentialSchema type, which
    context 3.0.3 leaves out) stays a relative IRI that RDF conversion drops: a signature would
    not cover it, so neither signing nor verifying accepts it."""
    credential = {
        "@context": achievement["@context"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:testserver",
        "credentialSubject": {"id": achievement["id"]},
    }
    schema = [{"id": "https://example.org/schema.json", "type": "1EdTechJsonSchemaValidator2019"}]
    private_key, method = keys.signing_key()
    signed = dataintegrity.create_proof(
        credential, private_key, created=CREATED, verification_method=method
    )
    result = dataintegrity.verify_proof({**signed, "credentialSchema": schema}, keys.resolve_key)
    assert (result.valid, result.reason) == (False, Reason.CANONICALISATION_FAILED)
    assert "1EdTechJsonSchemaValidator2019" in result.detail
    with pytest.raises(dataintegrity.CanonicalisationError, match="1EdTechJsonSchemaValidator"):
        dataintegrity.create_proof(
            {**credential, "credentialSchema": schema},
            private_key,
            created=CREATED,
            verification_method=method,
        )


def test_a_wrong_key_is_a_signature_mismatch(signed):
    stranger = Ed25519PrivateKey.generate().public_key()
    result = dataintegrity.verify_proof(signed, lambda method: stranger)
    assert (result.valid, result.reason) == (False, Reason.SIGNATURE_MISMATCH)


def test_a_key_we_do_not_hold_is_unknown(achievement, db):
    stranger = Ed25519PrivateKey.generate()
    multibase = keys.public_multibase(stranger.public_key())
    signed = dataintegrity.create_proof(
        achievement, stranger, created=CREATED, verification_method=keys.did_key_method(multibase)
    )
    assert dataintegrity.verify_proof(signed, keys.public_key_from_did_key).valid
    result = dataintegrity.verify_proof(signed, keys.resolve_key)
    assert (result.valid, result.reason) == (False, Reason.UNKNOWN_KEY)


def test_our_did_key_form_verifies_too(signed):
    multibase = signed["proof"]["verificationMethod"].partition("#")[2]
    assert keys.resolve_key(keys.did_key_method(multibase)) is not None
    assert keys.resolve_key(f"did:web:elsewhere.example#{multibase}") is None


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda d: "not a document", Reason.MALFORMED),
        (lambda d: {k: v for k, v in d.items() if k != "proof"}, Reason.MALFORMED),
        (lambda d: {**d, "proof": [d["proof"]]}, Reason.MALFORMED),
        (lambda d: {k: v for k, v in d.items() if k != "@context"}, Reason.MALFORMED),
        (lambda d: {**d, "proof": {**d["proof"], "proofValue": None}}, Reason.MALFORMED),
        (
            lambda d: {
                **d,
                "proof": {**d["proof"], "proofValue": "u" + d["proof"]["proofValue"][1:]},
            },
            Reason.MALFORMED,
        ),
        (lambda d: {**d, "proof": {**d["proof"], "proofValue": "z0OIl"}}, Reason.MALFORMED),
        (
            lambda d: {
                **d,
                "proof": {**d["proof"], "proofValue": "z" + d["proof"]["proofValue"][1:20]},
            },
            Reason.MALFORMED,
        ),
        (lambda d: {**d, "proof": {**d["proof"], "created": "yesterday"}}, Reason.MALFORMED),
        (lambda d: {**d, "proof": {**d["proof"], "created": 5}}, Reason.MALFORMED),
        (
            lambda d: {
                **d,
                "proof": {k: v for k, v in d["proof"].items() if k != "verificationMethod"},
            },
            Reason.MALFORMED,
        ),
        (lambda d: {**d, "proof": {**d["proof"], "verificationMethod": ["x"]}}, Reason.MALFORMED),
        (
            lambda d: {**d, "proof": {**d["proof"], "type": "Ed25519Signature2020"}},
            Reason.WRONG_CRYPTOSUITE,
        ),
        (
            lambda d: {**d, "proof": {**d["proof"], "cryptosuite": "ecdsa-rdfc-2019"}},
            Reason.WRONG_CRYPTOSUITE,
        ),
        (
            lambda d: {**d, "@context": ["https://example.org/unknown"]},
            Reason.CANONICALISATION_FAILED,
        ),
        (lambda d: {**d, "@context": 42}, Reason.CANONICALISATION_FAILED),
    ],
)
def test_malformed_input_gets_a_precise_reason_and_no_exception(signed, mutate, reason):
    result = dataintegrity.verify_proof(mutate(signed), keys.resolve_key)
    assert (result.valid, result.reason) == (False, reason)
    assert result.detail


def test_a_resolver_that_raises_is_an_unknown_key(signed):
    def broken(method):
        raise RuntimeError("resolver down")

    result = dataintegrity.verify_proof(signed, broken)
    assert (result.valid, result.reason) == (False, Reason.UNKNOWN_KEY)
    assert "resolver down" in result.detail
