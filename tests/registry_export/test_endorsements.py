"""The signed accreditation record (OB 3.0 EndorsementCredential) and its status lists."""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from openbadgeslib.ob3.ldp import verify_data_integrity_proof
from openbadgeslib.ob3.status import check_credential_status, decode_encoded_list, set_indices
from openbadgeslib.ob3.verifier import OB3VerificationError

from accreditation import services
from accreditation.models import DossierState
from accreditation.selectors import published_item
from demo.workflow import advance
from registry_export import dataintegrity, endorsements, keys, publishing
from registry_export.documents import ACHIEVEMENT, ENDORSEMENT
from registry_export.models import Endorsement, RegistryDocument, StatusList, StatusListSlot
from tests.accreditation.factories import dossier as make_dossier

S = DossierState


def record(dossier):
    return Endorsement.objects.get(dossier_id=dossier.pk)


def public_pem():
    private_key, _method = keys.signing_key()
    return private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def list_bits(purpose):
    subject = StatusList.objects.get(purpose=purpose).document["credentialSubject"]
    return set_indices(decode_encoded_list(subject["encodedList"]))


# --- The record -----------------------------------------------------------------------------


def test_approval_signs_an_ob3_endorsement_of_the_achievement(certified):
    endorsement = record(certified).document
    achievement = RegistryDocument.objects.get(
        credential_id=certified.credential_id, kind=ACHIEVEMENT
    ).document
    assert endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert endorsement["issuer"]["id"] == keys.site_did() == "did:web:testserver"
    assert endorsement["credentialSubject"]["id"] == achievement["id"]
    assert endorsement["credentialSubject"]["type"] == ["EndorsementSubject"]
    assert "データサイエンス入門" in endorsement["credentialSubject"]["endorsementComment"]
    assert "Introduction to Data Science" in endorsement["credentialSubject"]["endorsementComment"]
    assert endorsement["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert endorsement["proof"]["verificationMethod"].startswith("did:web:testserver#z6Mk")
    assert dataintegrity.verify_proof(endorsement, keys.resolve_key)
    # The Achievement embeds exactly the stored, signed record.
    assert achievement["endorsement"] == [endorsement]


def test_the_validity_dates_are_the_decisions_days_in_the_registers_time_zone(certified):
    item = published_item(certified.credential_id)
    endorsement = record(certified).document
    # Asia/Tokyo is UTC+9: a day starts at 15:00 UTC the day before.
    day_before = item.valid_from - timedelta(days=1)
    assert endorsement["validFrom"] == f"{day_before.isoformat()}T15:00:00Z"
    assert endorsement["validUntil"] == f"{item.valid_until.isoformat()}T14:59:59Z"


def test_an_independent_open_badges_library_verifies_our_signature(certified):
    """openbadgeslib, a separate OB 3.0 implementation, checks the proof with our public key."""
    endorsement = record(certified).document
    verify_data_integrity_proof(endorsement, public_pem())
    tampered = json.loads(
        json.dumps(endorsement, ensure_ascii=False).replace(
            "データサイエンス入門", "データサイエンス入問"
        )
    )
    assert tampered != endorsement
    with pytest.raises(OB3VerificationError):
        verify_data_integrity_proof(tampered, public_pem())


def test_signing_is_idempotent(certified):
    first = record(certified)
    assert publishing.refresh_documents(certified.credential_id) == 0
    assert Endorsement.objects.count() == 1
    assert record(certified).document == first.document


def test_the_record_is_served_at_its_url_and_as_the_items_document(client, certified):
    stored = record(certified)
    response = client.get(stored.document["id"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == stored.document
    current = client.get(f"/registry/items/{certified.credential_id}/{ENDORSEMENT}.jsonld")
    assert json.loads(current.content) == stored.document
    assert client.get(f"/registry/endorsements/{certified.credential_id}").status_code == 404


def test_a_renewal_is_a_new_record_at_the_same_status_index(people, certified, on_commit):
    original = record(certified)
    renewal = services.dossier_renew(actor=people.provider_a, dossier=certified)
    with on_commit():
        advance(renewal, S.ACCREDITED, people.cast())
    renewed = record(renewal)
    assert renewed.public_id != original.public_id
    assert renewed.credential_id == original.credential_id
    entries = [e["statusListIndex"] for e in renewed.document["credentialStatus"]]
    assert entries == [e["statusListIndex"] for e in original.document["credentialStatus"]]
    achievement = RegistryDocument.objects.get(
        credential_id=certified.credential_id, kind=ACHIEVEMENT
    ).document
    assert achievement["endorsement"] == [renewed.document]
    # The older record keeps its URL: badges issued before the renewal embed it.
    assert Endorsement.objects.filter(public_id=original.public_id).exists()


def test_without_a_signing_key_the_other_documents_are_still_refreshed(
    settings, people, on_commit, caplog
):
    settings.ACCREDITOR_KEY_GENERATE = False
    dossier = make_dossier(people.org_a, author=people.provider_a)
    with on_commit():
        advance(dossier, S.ACCREDITED, people.cast())
    kinds = set(
        RegistryDocument.objects.filter(credential_id=dossier.credential_id).values_list(
            "kind", flat=True
        )
    )
    assert ENDORSEMENT not in kinds and ACHIEVEMENT in kinds
    assert "Cannot sign the accreditation record" in caplog.text
    assert "Cannot sign the status lists" in caplog.text
    assert not StatusList.objects.exists()
    # The sweep keeps trying: the record is still missing.
    assert publishing.out_of_date_credential_ids() == [dossier.credential_id]


# --- Status lists ---------------------------------------------------------------------------


def test_suspension_sets_the_items_bit_and_reinstatement_clears_it(people, certified, on_commit):
    index = StatusListSlot.objects.get(credential_id=certified.credential_id).index
    assert list_bits("suspension") == set() == list_bits("revocation")
    with on_commit():
        services.dossier_suspend(actor=people.committee, dossier=certified, note="Complaint.")
    assert list_bits("suspension") == {index}
    assert list_bits("revocation") == set()
    with on_commit():
        services.dossier_reinstate(actor=people.committee, dossier=certified, note="Resolved.")
    assert list_bits("suspension") == set()


def test_revocation_sets_the_revocation_bit(people, certified, on_commit):
    index = StatusListSlot.objects.get(credential_id=certified.credential_id).index
    with on_commit():
        services.dossier_revoke(actor=people.committee, dossier=certified, note="Fraud.")
    assert list_bits("revocation") == {index}
    assert list_bits("suspension") == set()


def test_the_lists_are_signed_standard_status_list_credentials(client, certified):
    for purpose in ("revocation", "suspension"):
        response = client.get(f"/registry/status/{purpose}")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        document = json.loads(response.content)
        assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert document["id"] == f"http://testserver/registry/status/{purpose}"
        assert document["credentialSubject"]["statusPurpose"] == purpose
        assert len(decode_encoded_list(document["credentialSubject"]["encodedList"])) == 16384
        assert dataintegrity.verify_proof(document, keys.resolve_key)
    assert client.get("/registry/status/refresh").status_code == 404


def test_an_open_badges_verifier_reads_our_status(client, people, certified, on_commit):
    """openbadgeslib's status check, fetching our lists through the test client, passes for a
    certified item and fails once it is suspended."""
    endorsement = record(certified).document

    def download(url):
        return client.get(url.removeprefix("http://testserver")).content

    credential = SimpleNamespace(
        issuer=SimpleNamespace(id=endorsement["issuer"]["id"]),
        credential_status=endorsement["credentialStatus"],
    )
    check_credential_status(credential, download)
    with on_commit():
        services.dossier_suspend(actor=people.committee, dossier=certified, note="Complaint.")
    with pytest.raises(OB3VerificationError, match="suspension"):
        check_credential_status(credential, download)


def test_an_unchanged_list_is_re_signed_only_when_its_validity_runs_short(certified):
    assert endorsements.refresh_status_lists() == []
    stored = StatusList.objects.get(purpose="revocation")
    stored.document["validUntil"] = "2000-01-01T00:00:00+00:00"
    stored.save(update_fields=["document"])
    assert endorsements.refresh_status_lists() == ["revocation"]
    assert StatusList.objects.get(purpose="revocation").document["validUntil"] > "2026"


def test_status_indexes_are_drawn_at_random_and_never_shared(db, monkeypatch):
    draws = iter([7, 7, 7, 42])
    monkeypatch.setattr(endorsements.secrets, "randbelow", lambda _n: next(draws))
    first = endorsements.status_slot("00000000-0000-0000-0000-000000000001")
    second = endorsements.status_slot("00000000-0000-0000-0000-000000000002")
    assert (first.index, second.index) == (7, 42)
    assert endorsements.status_slot("00000000-0000-0000-0000-000000000001").index == 7
