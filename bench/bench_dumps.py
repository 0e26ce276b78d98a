"""How long a full registry dump takes at 10,000 stored documents, against `json.dumps`.

Run (SQLite by default; set DATABASE_URL for PostgreSQL), see bench/README.md:

    PYTHONPATH=. .venv/bin/pytest bench/bench_dumps.py -p tests.conftest -p no:cacheprovider -s

Not part of `make test`: timings vary with the machine, so they are printed, not asserted.
The baseline loads every document into a list and serialises it with `json.dumps`, which is
the least a dump could cost if it ignored memory; the dump streams instead, gzips three files
and hashes them.
"""

import json
import statistics
import time
import tracemalloc
import uuid

import pytest
from django.conf import settings

from registry_export import dumps
from registry_export.models import RegistryDocument

pytestmark = pytest.mark.django_db

SIZE = 10_000
RUNS = 3


def document(i, credential_id):
    url = f"https://registry.example/registry/items/{credential_id}/ob3-achievement.jsonld"
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": url,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": f"データ活用講座{i}",
        "description": "業務データの収集・可視化・分析の基礎を、演習を通して身につける。" * 3,
        "criteria": {"narrative": "全課題を提出し、最終試験で60点以上を得ること。"},
        "creator": {"id": f"urn:uuid:{uuid.UUID(int=i % 50)}", "type": ["Profile"], "name": "大学"},
        "inLanguage": "ja",
        "version": "1",
        "tag": ["データ分析", "可視化", "統計"],
    }


def nquads(url, doc):
    return "".join(
        f'<{url}> <https://schema.org/{key}> "{value}" .\n'
        for key, value in doc.items()
        if isinstance(value, str)
    )


def stored_documents(n):
    rows = []
    for i in range(n):
        credential_id = uuid.UUID(int=i + 1)
        doc = document(i, credential_id)
        rows.append(
            RegistryDocument(
                credential_id=credential_id,
                kind="ob3-achievement",
                dossier_id=i + 1,
                document=doc,
                nquads=nquads(doc["id"], doc),
            )
        )
    RegistryDocument.objects.bulk_create(rows, batch_size=1000)


def measure(work):
    """Median time of RUNS runs, then the peak Python memory of one more run under
    tracemalloc (which slows the code, so it is not timed)."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(timings), peak


def test_dump_timings(tmp_path):
    stored_documents(SIZE)

    def baseline():
        everything = list(RegistryDocument.objects.values_list("document", flat=True))
        return json.dumps(everything, ensure_ascii=False)

    rows = [
        ("json.dumps of every document (in memory)", *measure(baseline)),
        (
            "export: JSON Lines + JSON array + N-Quads",
            *measure(lambda: dumps.write_dumps(tmp_path)),
        ),
        ("export: JSON-LD only", *measure(lambda: dumps.write_dumps(tmp_path, fmt="jsonld"))),
        ("export: N-Quads only", *measure(lambda: dumps.write_dumps(tmp_path, fmt="nquads"))),
    ]
    manifest = dumps.write_dumps(tmp_path)
    engine = settings.DATABASES["default"]["ENGINE"]
    print(f"\nFull dump of {SIZE} documents, median of {RUNS} ({engine})")
    for name, ms, peak in rows:
        print(f"{name:<44} {ms:8.0f} ms  peak {peak:6.1f} MiB")
    for entry in manifest["files"]:
        print(f"{entry['name']:<44} {entry['size'] / 2**20:8.2f} MiB gzipped")
    assert manifest["counts"]["documents"] == SIZE
