"""/verify/ and /api/v1/verify/: a learner's badge or our endorsement checked against the
register, with a precise reason for everything that is not a clean certification."""

import base64
import copy
import io
import json
import re
import uuid
from datetime import datetime

import png
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.utils import timezone, translation
from django.utils.formats import date_format
from openbadgeslib import baking
from openbadgeslib.ob3.ldp import OB3LdpVerifier

from accreditation import services
from accreditation.models import DossierState
from accreditation.selectors import published_item
from demo.badges import learner_badge as demo_badge
from demo.workflow import advance
from registry_export import dataintegrity, keys
from registry_export.jsonld import OB_V3P0, VC_V2
from registry_export.models import Endorsement
from registry_export.verification import Reason, Verdict, verify_text

S = DossierState
CREATED = "2026-11-25T00:00:00Z"


@pytest.fixture
def endorsement(certified):
    return Endorsement.objects.get(dossier_id=certified.pk).document


def sign_as_platform(document, key=None):
    """Sign as a badge platform would: its own Ed25519 key, named by did:key."""
    key = key or Ed25519PrivateKey.generate()
    method = keys.did_key_method(keys.public_multibase(key.public_key()))
    return dataintegrity.create_proof(document, key, created=CREATED, verification_method=method)


def badge(endorsements, *, achievement_id, signed=True):
    """A learner's OB 3.0 badge whose achievement embeds `endorsements`."""
    document = {
        "@context": [VC_V2, OB_V3P0],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": "https://badges.example.org/issuers/1",
            "type": ["Profile"],
            "name": "組織A",
        },
        "validFrom": "2026-11-25T00:00:00Z",
        "name": "データサイエンス入門",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "name": "データサイエンス入門",
                "description": "統計とプログラミングの基礎",
                "criteria": {"narrative": "修了試験に合格すること"},
                "endorsement": endorsements,
            },
        },
    }
    return sign_as_platform(document) if signed else document


@pytest.fixture
def learner_badge(endorsement):
    return badge([endorsement], achievement_id=endorsement["credentialSubject"]["id"])


def verify(document, language="en"):
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return verify_text(text, language=language)


def checks(result):
    return {check.code: check.passed for check in result.checks}


# --- Certified today ------------------------------------------------------------------------


def test_our_endorsement_alone_is_certified(endorsement):
    result = verify(endorsement)
    assert (result.verdict, result.reason) == (Verdict.CERTIFIED, "")
    assert result.item["title"] == "Introduction to Data Science"
    assert result.item["provider"] == "Org A"
    assert result.endorsement["on_record"] is True
    assert checks(result) == {"format": True, "signature": True, "register": True, "dates": True}
    assert "Certified today" in result.message


def test_a_learners_badge_that_embeds_our_endorsement_is_certified(learner_badge):
    result = verify(learner_badge)
    assert result.verdict == Verdict.CERTIFIED
    assert checks(result)["subject"] is True
    assert checks(result)["badge_signature"] is True
    assert result.badge["issuer"] == "組織A"


def test_a_standard_open_badges_verifier_accepts_a_badge_that_embeds_our_endorsement(
    certified,
):
    """openbadgeslib's OB 3.0 verifier (context validation, structure limits, proof) accepts
    the badge a platform issues around our Achievement, endorsement included; so does ours."""
    key = Ed25519PrivateKey.generate()
    issued = demo_badge(certified.credential_id, key=key)
    pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    credential = OB3LdpVerifier(pubkey_pem=pem).verify(issued)
    assert credential.achievement.name == "データサイエンス入門"
    assert verify(issued).verdict == Verdict.CERTIFIED


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def as_jwt(credential, *, key=None, header=None):
    """The badge secured as a compact JWT (VC-JWT), EdDSA by a did:key unless told otherwise."""
    key = key or Ed25519PrivateKey.generate()
    kid = keys.did_key_method(keys.public_multibase(key.public_key()))
    header = header or {"alg": "EdDSA", "typ": "JWT", "kid": kid}
    payload = {**credential, "iss": credential["issuer"]["id"], "jti": credential["id"]}
    signing_input = (
        f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(payload).encode())}"
    )
    return f"{signing_input}.{_b64url(key.sign(signing_input.encode()))}"


def test_a_badge_secured_as_a_jwt_is_verified_with_its_signature(endorsement):
    unsigned = badge(
        [endorsement], achievement_id=endorsement["credentialSubject"]["id"], signed=False
    )
    result = verify(as_jwt(unsigned))
    assert result.verdict == Verdict.CERTIFIED
    assert checks(result)["badge_signature"] is True
    header, payload, signature = as_jwt(unsigned).split(".")
    changed = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    changed["credentialSubject"]["id"] = "did:example:someone-else"
    forged = f"{header}.{_b64url(json.dumps(changed).encode())}.{signature}"
    assert verify(forged).reason == Reason.BADGE_TAMPERED
    by_did_web = as_jwt(unsigned, header={"alg": "RS256", "kid": "did:web:badges.example.org#1"})
    result = verify(by_did_web)
    assert result.verdict == Verdict.CERTIFIED
    assert checks(result)["badge_signature"] is None


def test_a_badge_signed_by_did_web_is_verified_with_its_own_proof_not_checked(endorsement):
    document = badge(
        [endorsement], achievement_id=endorsement["credentialSubject"]["id"], signed=False
    )
    document["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": "did:web:badges.example.org#key-1",
        "proofPurpose": "assertionMethod",
        "created": CREATED,
        "proofValue": "z" + "1" * 80,
    }
    result = verify(document)
    assert result.verdict == Verdict.CERTIFIED
    badge_check = next(c for c in result.checks if c.code == "badge_signature")
    assert badge_check.passed is None
    assert "did:web:badges.example.org#key-1" in badge_check.detail


def test_the_answer_is_in_the_readers_language(endorsement):
    result = verify(endorsement, language="ja")
    assert result.item["title"] == "データサイエンス入門"
    assert result.item["provider"] == "組織A"


def test_an_endorsement_signed_with_a_retired_key_still_verifies(endorsement):
    keys.accreditor_key_rotate()
    assert verify(endorsement).verdict == Verdict.CERTIFIED


def test_an_older_endorsement_after_a_renewal_says_the_item_is_still_certified(
    people, certified, endorsement, on_commit, settings
):
    renewal = services.dossier_renew(actor=people.provider_a, dossier=certified)
    with on_commit():
        advance(renewal, S.ACCREDITED, people.cast())
    assert Endorsement.objects.count() == 2
    assert verify(endorsement).verdict == Verdict.CERTIFIED


# --- Suspended, revoked, expired since when -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "verdict", "word"),
    [
        ("dossier_suspend", Verdict.SUSPENDED, "suspended since"),
        ("dossier_revoke", Verdict.REVOKED, "revoked on"),
    ],
)
def test_a_suspended_or_revoked_item_says_so_with_the_date(
    people, certified, endorsement, on_commit, change, verdict, word
):
    with on_commit():
        getattr(services, change)(actor=people.committee, dossier=certified, note="Complaint.")
    result = verify(endorsement)
    assert result.verdict == verdict
    assert result.verified  # the record is genuine; the status is the news
    assert word in result.message
    assert result.item["status"] == verdict
    assert checks(result)["register"] is False


def test_an_expired_item_says_so(certified, endorsement, on_commit):
    with on_commit():
        services.dossier_expire(dossier=certified)
    result = verify(endorsement)
    assert result.verdict == Verdict.EXPIRED
    assert "expired on" in result.message
    # The date is the end of validity, as the item's catalogue page gives it.
    valid_until = published_item(certified.credential_id).valid_until
    assert result.item["since"].startswith(valid_until.isoformat())


# --- Not verified, with a precise reason ----------------------------------------------------


def test_one_changed_character_in_the_endorsement_is_tampering(learner_badge):
    tampered = copy.deepcopy(learner_badge)
    achievement = tampered["credentialSubject"]["achievement"]
    comment = achievement["endorsement"][0]["credentialSubject"]["endorsementComment"]
    achievement["endorsement"][0]["credentialSubject"]["endorsementComment"] = comment.replace(
        "2029", "2039"
    )
    result = verify(tampered)
    assert (result.verdict, result.reason) == (Verdict.NOT_VERIFIED, Reason.TAMPERED)
    assert checks(result)["signature"] is False
    assert "altered" in result.message


def test_a_changed_badge_signed_by_did_key_is_badge_tampering(learner_badge):
    tampered = copy.deepcopy(learner_badge)
    tampered["credentialSubject"]["id"] = "did:example:someone-else"
    result = verify(tampered)
    assert result.reason == Reason.BADGE_TAMPERED
    assert checks(result)["signature"] is True  # our endorsement itself is intact


def test_our_endorsement_moved_onto_another_achievement_is_a_mismatch(endorsement):
    result = verify(badge([endorsement], achievement_id="https://badges.example.org/a/9"))
    assert result.reason == Reason.SUBJECT_MISMATCH
    assert "https://badges.example.org/a/9" in result.message


def test_an_endorsement_without_a_usable_proof_is_malformed_not_tampered(endorsement):
    unsigned = {k: v for k, v in endorsement.items() if k != "proof"}
    result = verify(unsigned)
    assert result.reason == Reason.MALFORMED
    assert "no usable eddsa-rdfc-2022 proof" in result.message
    other_suite = {**endorsement, "proof": {**endorsement["proof"], "cryptosuite": "ecdsa-2019"}}
    assert verify(other_suite).reason == Reason.MALFORMED


def test_an_endorsement_claiming_our_name_with_another_key_is_an_unknown_key(endorsement):
    forged = {k: v for k, v in endorsement.items() if k != "proof"}
    key = Ed25519PrivateKey.generate()
    method = f"{keys.site_did()}#{keys.public_multibase(key.public_key())}"
    forged = dataintegrity.create_proof(forged, key, created=CREATED, verification_method=method)
    result = verify(forged)
    assert result.reason == Reason.UNKNOWN_KEY


def test_another_bodys_endorsement_is_foreign(endorsement):
    foreign = sign_as_platform(
        {
            **{k: v for k, v in endorsement.items() if k not in ("proof", "credentialStatus")},
            "issuer": {"id": "did:web:other.example", "type": ["Profile"], "name": "Other"},
        }
    )
    result = verify(foreign)
    assert result.reason == Reason.FOREIGN_ISSUER
    assert "did:web:other.example" in result.message
    only_foreign = verify(badge([foreign], achievement_id="https://badges.example.org/a/1"))
    assert only_foreign.reason == Reason.NO_ENDORSEMENT
    assert "did:web:other.example" in only_foreign.message


def test_a_badge_without_endorsement_says_so(db):
    result = verify(badge([], achievement_id="https://badges.example.org/a/1"))
    assert result.reason == Reason.NO_ENDORSEMENT
    assert "no endorsement" in result.message


def test_an_endorsement_of_something_not_on_the_register_is_unknown(db):
    private_key, method = keys.signing_key()
    ours = dataintegrity.create_proof(
        {
            "@context": [VC_V2, OB_V3P0],
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": {"id": keys.site_did(), "type": ["Profile"], "name": "x"},
            "validFrom": "2026-01-01T00:00:00Z",
            "validUntil": "2030-01-01T00:00:00Z",
            "credentialSubject": {
                "id": f"http://testserver/registry/items/{uuid.uuid4()}/ob3-achievement.jsonld",
                "type": ["EndorsementSubject"],
            },
        },
        private_key,
        created=CREATED,
        verification_method=method,
    )
    assert verify(ours).reason == Reason.UNKNOWN_ITEM


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("", Reason.MALFORMED, "Paste a credential"),
        ('{"type": ["OpenBadgeCredential"],\n  "name": }', Reason.MALFORMED, "Line 2, column"),
        ("[1, 2]", Reason.MALFORMED, "JSON object"),
        ("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln", Reason.NOT_A_CREDENTIAL, "not an Open"),
        ("abc.def.ghi", Reason.MALFORMED, "This JWT cannot be read"),
        ('{"type": "Person", "name": "x"}', Reason.NOT_A_CREDENTIAL, "not an Open Badges"),
        ("[" * 100_000, Reason.MALFORMED, "not valid JSON"),
        ("x" * (300 * 1024), Reason.MALFORMED, "larger than 256 KB"),
    ],
)
def test_malformed_input_gets_a_precise_reason(db, text, reason, words):
    result = verify(text)
    assert (result.verdict, result.reason) == (Verdict.NOT_VERIFIED, reason)
    assert words in result.message


HOSTILE = [
    lambda e: {**e, "proof": [e["proof"], e["proof"]]},
    lambda e: {**e, "proof": {**e["proof"], "proofValue": 7}},
    lambda e: {**e, "@context": ["https://evil.example/context.json"]},
    lambda e: {**e, "type": 3},
    lambda e: {**e, "issuer": [keys.site_did()]},
    lambda e: {**e, "credentialSubject": "x"},
    lambda e: {**e, "validUntil": "tomorrow"},
    lambda e: {**e, "credentialSubject": {**e["credentialSubject"], "@id": {"@list": []}}},
]


@pytest.mark.parametrize("mutate", HOSTILE)
def test_hostile_documents_never_raise(endorsement, mutate):
    result = verify(mutate(copy.deepcopy(endorsement)))
    assert result.verdict == Verdict.NOT_VERIFIED
    assert result.reason
    assert result.message


# --- Page and API ---------------------------------------------------------------------------


def test_the_page_shows_the_form_then_the_verdict(client, endorsement):
    page = client.get("/en/verify/")
    assert page.status_code == 200
    assert b'name="credential"' in page.content and b'name="file"' in page.content
    answer = client.post("/en/verify/", {"credential": json.dumps(endorsement)})
    assert answer.status_code == 200
    assert b'data-verdict="certified"' in answer.content
    assert "Introduction to Data Science" in answer.content.decode()
    assert b'data-check="signature"' in answer.content
    assert f'href="{endorsement["id"]}"'.encode() in answer.content  # the signed record


def test_the_page_answers_in_japanese(client, endorsement):
    answer = client.post("/ja/verify/", {"credential": json.dumps(endorsement)})
    assert "データサイエンス入門" in answer.content.decode()
    assert b'data-verdict="certified"' in answer.content


def _visible_text(html):
    """What a reader sees of the result: the verdict's section without tags or attributes."""
    section = html[html.index('aria-labelledby="verdict"') : html.index("</section>")]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def _detail_of(html, check):
    return re.search(
        rf'<tr data-check="{check}">.*?<td class="small detail">(.*?)</td>', html, re.S
    ).group(1)


@pytest.mark.parametrize(
    ("language", "status", "signed_text", "codes"),
    [
        ("ja", "認証済み", "{moment}に登録簿が署名", ["certified", "accredited"]),
        ("en", "Certified", "signed by the register on {moment}", ["accredited"]),
    ],
)
def test_the_result_reads_in_words_and_tokyo_time_not_codes_or_utc(
    client, endorsement, language, status, signed_text, codes
):
    answer = client.post(f"/{language}/verify/", {"credential": json.dumps(endorsement)})
    html = answer.content.decode()
    text = _visible_text(html)
    with translation.override(language):
        signed = datetime.fromisoformat(endorsement["proof"]["created"])
        moment = date_format(timezone.localtime(signed), "DATETIME_FORMAT")
        valid_from = date_format(
            timezone.localtime(datetime.fromisoformat(endorsement["validFrom"])),
            "DATETIME_FORMAT",
        )
    assert signed_text.format(moment=moment) in text
    assert _detail_of(html, "register") == status
    assert _detail_of(html, "dates").startswith(f"{valid_from} – ")
    assert "00:00" in _detail_of(html, "dates")  # validFrom is the first moment of a Tokyo day
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)
    assert [code for code in codes if code in text] == []


def test_verify_without_a_language_prefix_redirects(client, db):
    response = client.get("/verify/")
    assert response.status_code == 302
    assert response["Location"] in ("/ja/verify/", "/en/verify/")


def _png_with(text):
    image = io.BytesIO()
    png.Writer(1, 1, greyscale=True).write(image, [[0]])
    return baking.bake_png(image.getvalue(), text, keyword=baking.ITXT_KEYWORD_OB3)


def _svg_with(text):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
    return baking.bake_svg(
        svg, text, element=baking.SVG_ELEMENT_OB3, namespace=baking.SVG_NS_OB3, as_text=True
    )


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("badge.json", lambda text: text.encode()),
        ("badge.png", _png_with),
        ("badge.svg", _svg_with),
    ],
)
def test_an_uploaded_badge_json_png_or_svg_is_verified(client, learner_badge, name, make):
    data = make(json.dumps(learner_badge, ensure_ascii=False))
    upload = io.BytesIO(data)
    upload.name = name
    answer = client.post("/en/verify/", {"file": upload})
    assert b'data-verdict="certified"' in answer.content


def test_an_image_without_a_credential_or_a_broken_one_is_explained(client, db):
    empty = io.BytesIO()
    png.Writer(1, 1, greyscale=True).write(empty, [[0]])
    for data, reason in (
        (empty.getvalue(), Reason.NOT_A_CREDENTIAL),
        (b"\x89PNG broken", Reason.MALFORMED),
    ):
        upload = io.BytesIO(data)
        upload.name = "badge.png"
        response = client.post("/api/v1/verify/", {"file": upload})
        assert response.status_code == 200
        assert response.json()["reason"] == reason


def test_the_api_answers_the_same_as_json(client, learner_badge):
    response = client.post(
        "/api/v1/verify/", json.dumps(learner_badge), content_type="application/json"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert (body["verified"], body["verdict"], body["reason"]) == (True, "certified", None)
    assert {c["check"] for c in body["checks"]} >= {"signature", "subject", "register"}
    assert body["item"]["url"].startswith("http://testserver/catalogue/items/")


def test_the_api_explains_malformed_json_and_follows_accept_language(client, db, settings):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # as a program calls it: no cookie
    response = client.post(
        "/api/v1/verify/", "{bad", content_type="application/json", HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["verified"], body["reason"]) == (False, "malformed")
    assert "JSON" in body["message"]
    assert body["message"].startswith("正しい JSON ではありません")


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
def test_the_api_answers_an_empty_body_as_malformed(client, db, content_type):
    response = client.post("/api/v1/verify/", b"", content_type=content_type)
    assert response.status_code == 200
    assert (response.json()["verified"], response.json()["reason"]) == (False, "malformed")


def test_the_api_is_documented_in_the_schema(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/verify/" in schema
    assert "subject_mismatch" in schema


def _poison(endorsement, children):
    """Two look-alike blank subjects, each with `children` look-alike blank results: RDFC-1.0
    would try children! orderings of them."""
    subject = {
        "type": ["AchievementSubject"],
        "result": [{"type": ["Result"], "value": "A"} for _ in range(children)],
    }
    return {**endorsement, "credentialSubject": [subject, copy.deepcopy(subject)]}


def _type_flood(endorsement):
    return {**endorsement, "issuer": {**endorsement["issuer"], "type": ["Profile"] * 50}}


@pytest.mark.parametrize("build", [lambda e: _poison(e, 12), _type_flood])
def test_documents_built_to_exhaust_the_verifier_are_refused_before_processing(endorsement, build):
    result = verify(build(endorsement))
    assert (result.verdict, result.reason) == (Verdict.NOT_VERIFIED, Reason.TOO_COMPLEX)


def test_a_paste_beyond_the_form_limit_is_explained_on_the_page(client, db):
    answer = client.post("/en/verify/", {"credential": "x" * (3 * 1024 * 1024)})
    assert answer.status_code == 200
    assert b'data-verdict="not_verified"' in answer.content
    assert b"larger than 256 KB" in answer.content


def test_verification_is_throttled_per_address_on_the_page_and_the_api(client, db, settings):
    settings.VERIFY_RATE = "2/min"
    for _ in range(2):
        assert (
            client.post("/api/v1/verify/", "{}", content_type="application/json").status_code == 200
        )
    assert client.post("/api/v1/verify/", "{}", content_type="application/json").status_code == 429
    page = client.post("/en/verify/", {"credential": "{}"})
    assert page.status_code == 429
    assert b"Too many verifications" in page.content
    assert client.get("/en/verify/").status_code == 200  # reading the form is never throttled
