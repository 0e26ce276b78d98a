"""How long it takes to sign and to verify one accreditation record and one status list.

Run (SQLite by default; set DATABASE_URL for PostgreSQL), see bench/README.md:

    PYTHONPATH=. .venv/bin/pytest bench/bench_signing.py -p tests.conftest -p no:cacheprovider -s

Not part of `make test`: timings vary with the machine, so they are printed, not asserted.
The record is the OB 3.0 EndorsementCredential of a certified item (`eddsa-rdfc-2022`: two
RDFC-1.0 canonicalisations, then one Ed25519 signature); the status list is a Bitstring Status
List credential of 131,072 bits. The breakdown rows time the parts of a signature on their
own, to show where the time goes.
"""

import json
import random
import statistics
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openbadgeslib.ob3.status_list import build_status_list_credential

from accreditation.models import DossierState
from accreditation.selectors import published_item
from demo.badges import learner_badge
from demo.workflow import advance
from registry_export import dataintegrity, endorsements, keys, verification
from registry_export.models import Endorsement, StatusList
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db

RUNS = 15
#: Set bits in the status list: a few hundred revoked items in a register of thousands.
SET_BITS = 300
SIZE_LABEL = f"{endorsements.STATUS_LIST_SIZE:,} bits, {SET_BITS} set"


def median_ms(work, before=None):
    """Median wall time of RUNS calls of `work`, after one untimed warm-up call; `before` runs
    untimed ahead of each call."""
    timings = []
    for run in range(RUNS + 1):
        if before:
            before()
        started = time.perf_counter()
        work()
        if run:
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


@pytest.fixture
def certified(db, people, django_capture_on_commit_callbacks):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    with django_capture_on_commit_callbacks(execute=True):
        advance(dossier, DossierState.ACCREDITED, people.cast())
    return published_item(dossier.credential_id)


def test_signing_timings(certified):
    item = certified
    private_key, method = keys.signing_key()
    index = endorsements.status_slot(item.credential_id).index
    created = timezone.now().replace(microsecond=0)

    def unsigned():
        return endorsements.endorsement_document(item, public_id=uuid.uuid4(), status_index=index)

    def sign(document):
        return dataintegrity.create_proof(
            document, private_key, created=created, verification_method=method
        )

    record = sign(unsigned())
    assert dataintegrity.verify_proof(record, keys.resolve_key)
    config = {**record["proof"], "@context": record["@context"]}
    del config["proofValue"]
    without_proof = {k: v for k, v in record.items() if k != "proof"}
    digest = dataintegrity.hash_data(without_proof, config)
    signature = private_key.sign(digest)
    public_key = keys.resolve_key(method)

    indices = sorted(random.Random(2026).sample(range(endorsements.STATUS_LIST_SIZE), SET_BITS))
    purpose = StatusList.Purpose.REVOCATION
    status_list = endorsements.sign_status_list(purpose, indices, created)
    assert dataintegrity.verify_proof(status_list, keys.resolve_key)
    list_unsigned = {k: v for k, v in status_list.items() if k != "proof"}
    list_config = {**status_list["proof"], "@context": status_list["@context"]}
    del list_config["proofValue"]

    def verify(document):
        assert dataintegrity.verify_proof(document, keys.resolve_key)

    def sign_list():
        return endorsements.sign_status_list(purpose, indices, created)

    def build_list(purpose, indices):
        return build_status_list_credential(
            keys.site_did(),
            endorsements.status_list_url(purpose),
            purpose,
            indices,
            size_bits=endorsements.STATUS_LIST_SIZE,
            issued=created,
            valid_until=created + endorsements.STATUS_LIST_VALIDITY,
            ttl=endorsements.STATUS_LIST_TTL_MS,
        )

    def hash_record(config):
        return dataintegrity.hash_data(without_proof, config)

    def hash_list(config):
        return dataintegrity.hash_data(list_unsigned, config)

    def forget_endorsement():
        Endorsement.objects.filter(dossier_id=item.dossier_id).delete()

    def full_path():
        assert endorsements.ensure_endorsement(item).document["proof"]

    badge_text = json.dumps(learner_badge(item.credential_id), ensure_ascii=False)

    def verify_badge():
        assert verification.verify_text(badge_text).verdict == verification.Verdict.CERTIFIED

    forget_endorsement()
    with CaptureQueriesContext(connection) as queries:
        full_path()

    rows = [
        ("record: build + sign", median_ms(lambda: sign(unsigned()))),
        ("record: verify", median_ms(lambda: verify(record))),
        ("record: ensure_endorsement (+ key, INSERT)", median_ms(full_path, forget_endorsement)),
        (f"status list: sign ({SIZE_LABEL})", median_ms(sign_list)),
        ("status list: verify", median_ms(lambda: verify(status_list))),
        ("/verify/: a learner's badge, every check", median_ms(verify_badge)),
        ("  record: endorsement_document", median_ms(unsigned)),
        ("  record: hash_data (2 x RDFC-1.0 + SHA-256)", median_ms(lambda: hash_record(config))),
        ("  record: canonize document", median_ms(lambda: dataintegrity.canonize(without_proof))),
        ("  record: canonize proof options", median_ms(lambda: dataintegrity.canonize(config))),
        ("  status list: build (no proof)", median_ms(lambda: build_list(purpose, indices))),
        ("  status list: hash_data", median_ms(lambda: hash_list(list_config))),
        ("  Ed25519 sign (64 bytes)", median_ms(lambda: private_key.sign(digest))),
        ("  Ed25519 verify", median_ms(lambda: public_key.verify(signature, digest))),
        ("  keys.signing_key()", median_ms(keys.signing_key)),
        ("  keys.resolve_key()", median_ms(lambda: keys.resolve_key(method))),
    ]
    engine = settings.DATABASES["default"]["ENGINE"]
    print(f"\nSigning timings, median of {RUNS} after one warm-up ({engine})")
    for name, ms in rows:
        print(f"{name:<46} {ms:9.3f} ms")
    facts = [
        ("ensure_endorsement SQL queries", len(queries)),
        ("signed record, JSON bytes", len(json.dumps(record, ensure_ascii=False).encode())),
        (
            "record, canonical N-Quads lines",
            len(dataintegrity.canonize(without_proof).splitlines()),
        ),
        (
            "status list encodedList, characters",
            len(status_list["credentialSubject"]["encodedList"]),
        ),
        (
            "status list, canonical N-Quads bytes",
            len(dataintegrity.canonize(list_unsigned).encode()),
        ),
    ]
    for name, value in facts:
        print(f"{name:<46} {value:9d}")
    assert len(rows) == 16
