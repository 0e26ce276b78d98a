"""Accreditor keys: the configured secret, the dev key file, rotation and the did:web document."""

import base64
import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from registry_export import dataintegrity, keys
from registry_export.models import AccreditorKey

# keyPair.json of the W3C vc-di-eddsa vectors, as published in the specification's examples.
SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SEED_HEX = "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"

DOCUMENT = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": "did:web:testserver",
    "credentialSubject": {"id": "urn:uuid:5d7c8a7e-0f1b-4c3a-8e2d-6b9a1c0d2e3f"},
}


@pytest.mark.parametrize(
    "configured",
    [
        SECRET,
        SEED_HEX,
        base64.b64encode(bytes.fromhex(SEED_HEX)).decode(),
        base64.urlsafe_b64encode(bytes.fromhex(SEED_HEX)).decode().rstrip("="),
    ],
)
def test_accreditor_key_accepts_multibase_hex_and_base64(configured):
    private_key = keys.parse_secret_key(configured)
    assert keys.public_multibase(private_key.public_key()) == PUBLIC


@pytest.mark.parametrize("configured", ["zabc", SEED_HEX[:-2], "not a key!", "z" + PUBLIC[1:]])
def test_a_malformed_accreditor_key_is_refused(configured):
    with pytest.raises(ValueError, match=r"ACCREDITOR_KEY|Multikey"):
        keys.parse_secret_key(configured)


def test_the_setting_signs_and_is_recorded(db, settings, accreditor_key_file):
    settings.ACCREDITOR_KEY = SEED_HEX
    _, method = keys.signing_key()
    assert method == f"did:web:testserver#{PUBLIC}"
    assert list(AccreditorKey.objects.values_list("public_key_multibase", "is_current")) == [
        (PUBLIC, True)
    ]
    assert not accreditor_key_file.exists()


def test_a_bad_setting_is_an_improper_configuration(db, settings):
    settings.ACCREDITOR_KEY = "zabc"
    with pytest.raises(ImproperlyConfigured):
        keys.signing_key()
    assert not AccreditorKey.objects.exists()


def test_production_never_generates_a_key(db, settings, accreditor_key_file):
    settings.ACCREDITOR_KEY_GENERATE = False
    with pytest.raises(ImproperlyConfigured, match="ACCREDITOR_KEY"):
        keys.signing_key()
    assert not accreditor_key_file.exists()
    assert not AccreditorKey.objects.exists()


def test_development_generates_one_key_and_keeps_it(db, accreditor_key_file):
    first_key, first_method = keys.signing_key()
    assert accreditor_key_file.is_file()
    assert accreditor_key_file.stat().st_mode & 0o777 == 0o600
    second_key, second_method = keys.signing_key()  # a restart: read back from the file
    assert first_method == second_method
    assert keys.secret_multibase(first_key) == keys.secret_multibase(second_key)
    assert AccreditorKey.objects.count() == 1


def _did(client):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_the_did_document_lists_the_current_key(client, db):
    _, method = keys.signing_key()
    multibase = method.partition("#")[2]
    did = _did(client)
    assert did == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "did:web:testserver",
        "alsoKnownAs": [f"did:key:{multibase}"],
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": "did:web:testserver",
                "publicKeyMultibase": multibase,
            }
        ],
        "assertionMethod": [method],
    }


def test_the_did_document_records_the_configured_key_before_any_signing(client, db, settings):
    settings.ACCREDITOR_KEY = SECRET
    assert _did(client)["assertionMethod"] == [f"did:web:testserver#{PUBLIC}"]


def test_without_a_configured_key_the_did_document_lists_the_keys_on_record(
    client, db, settings, tmp_path
):
    """Production before ACCREDITOR_KEY is set: a public GET must not fail."""
    settings.ACCREDITOR_KEY = ""
    settings.ACCREDITOR_KEY_FILE = tmp_path / "absent"
    settings.ACCREDITOR_KEY_GENERATE = False
    assert _did(client)["verificationMethod"] == []
    settings.ACCREDITOR_KEY = SECRET
    _did(client)
    settings.ACCREDITOR_KEY = ""
    assert _did(client)["assertionMethod"] == [f"did:web:testserver#{PUBLIC}"]


def test_rotation_keeps_old_keys_and_old_proofs_verify(client, db):
    old_key, old_method = keys.signing_key()
    old_proof = dataintegrity.create_proof(
        DOCUMENT, old_key, created="2026-01-01T00:00:00Z", verification_method=old_method
    )
    output = io.StringIO()
    call_command("rotate_accreditor_key", stdout=output)
    new_key, new_method = keys.signing_key()
    assert new_method != old_method
    assert output.getvalue() == f"Current key: {new_method}\n"

    did = _did(client)
    assert [m["id"] for m in did["verificationMethod"]] == [old_method, new_method]
    # The retired key still asserts: records and badges signed before the rotation verify.
    assert did["assertionMethod"] == [old_method, new_method]
    assert set(did["alsoKnownAs"]) == {
        f"did:key:{old_method.partition('#')[2]}",
        f"did:key:{new_method.partition('#')[2]}",
    }
    retired = AccreditorKey.objects.get(public_key_multibase=old_method.partition("#")[2])
    assert retired.is_current is False and retired.retired_at is not None

    assert dataintegrity.verify_proof(old_proof, keys.resolve_key).valid
    new_proof = dataintegrity.create_proof(
        DOCUMENT, new_key, created="2026-06-01T00:00:00Z", verification_method=new_method
    )
    assert dataintegrity.verify_proof(new_proof, keys.resolve_key).valid


def test_changing_the_setting_is_a_rotation(db, settings):
    settings.ACCREDITOR_KEY = SECRET
    keys.signing_key()
    settings.ACCREDITOR_KEY = Ed25519PrivateKey.generate().private_bytes_raw().hex()
    _, method = keys.signing_key()
    current = AccreditorKey.objects.get(is_current=True)
    assert method.endswith(current.public_key_multibase)
    assert AccreditorKey.objects.get(public_key_multibase=PUBLIC).retired_at is not None
    assert keys.resolve_key(f"did:web:testserver#{PUBLIC}") is not None


@pytest.mark.parametrize(
    ("site_url", "did"),
    [
        ("https://registry.example.jp", "did:web:registry.example.jp"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
    ],
)
def test_the_did_is_the_site_host_with_an_encoded_port(settings, site_url, did):
    settings.SITE_URL = site_url
    assert keys.site_did() == did


def test_did_key_helpers(db):
    assert keys.did_key_method(PUBLIC) == f"did:key:{PUBLIC}#{PUBLIC}"
    public = keys.public_key_from_did_key(keys.did_key_method(PUBLIC))
    assert keys.public_multibase(public) == PUBLIC
    assert keys.public_key_from_did_key(f"did:key:{PUBLIC}#other") is None
    assert keys.public_key_from_did_key("did:key:zabc") is None
    assert keys.resolve_key(keys.did_key_method(PUBLIC)) is None  # not one of ours
    assert keys.resolve_key(None) is None


def test_a_compromised_key_is_withdrawn_by_rotating_then_deleting_it(admin_client, client, db):
    """After a rotation, deleting the old key in the admin withdraws it from the DID document
    and from verification, for good."""
    _private, old_method = keys.signing_key()
    keys.accreditor_key_rotate()
    old = AccreditorKey.objects.get(is_current=False)
    listing = admin_client.get("/django-admin/registry_export/accreditorkey/")
    assert old.public_key_multibase in listing.content.decode()
    assert admin_client.get("/django-admin/registry_export/accreditorkey/add/").status_code == 403
    response = admin_client.post(
        f"/django-admin/registry_export/accreditorkey/{old.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    keys.signing_key()  # signing again does not bring it back
    assert keys.resolve_key(old_method) is None
    assert old_method not in _did(client)["assertionMethod"]


def test_only_superusers_can_reach_the_accreditor_keys_in_the_admin(client, people):
    """Staff who use the admin for reference data (the secretariat) do not see the keys."""
    keys.signing_key()
    record = AccreditorKey.objects.get()
    client.force_login(people.secretariat)
    for path in ("", f"{record.pk}/delete/"):
        response = client.get(f"/django-admin/registry_export/accreditorkey/{path}")
        assert response.status_code in (302, 403)
    assert AccreditorKey.objects.filter(pk=record.pk).exists()
