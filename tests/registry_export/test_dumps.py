"""Full registry dumps: every stored document once, reused not rebuilt, flat memory, served."""

import gzip
import hashlib
import json
import tracemalloc
import uuid

import pytest
from django.core.management import call_command

from accreditation.models import DossierState
from demo.workflow import advance
from registry_export import dataintegrity, dumps, publishing
from registry_export.documents import ACHIEVEMENT
from registry_export.models import RegistryDocument
from registry_export.tasks import build_registry_dumps
from tests.accreditation.factories import dossier as make_dossier

S = DossierState


#: Documents stored per certified item: one per format (OB 3.0, CTDL, ELM, schema.org).
KINDS = len(publishing.BUILDERS)


@pytest.fixture
def dump_dir(settings, tmp_path):
    settings.REGISTRY_DUMP_DIR = tmp_path / "dumps"
    return settings.REGISTRY_DUMP_DIR


@pytest.fixture
def certified(db, people, django_capture_on_commit_callbacks):
    items = []
    for _ in range(2):
        dossier = make_dossier(people.org_a, author=people.provider_a)
        with django_capture_on_commit_callbacks(execute=True):
            advance(dossier, S.ACCREDITED, people.cast())
        items.append(dossier)
    return items


def stored_rows(n, kinds=("ob3-achievement", "ctdl-credential")):
    """n stored documents written directly, as the refresh task leaves them (any kinds)."""
    rows = []
    for i in range(n):
        credential_id = uuid.UUID(int=i + 1)
        kind = kinds[i % len(kinds)]
        subject = f"<https://example.org/{credential_id}/{kind}>"
        rows.append(
            RegistryDocument(
                credential_id=credential_id,
                kind=kind,
                dossier_id=i + 1,
                document={"id": f"https://example.org/{credential_id}/{kind}", "name": f"講座{i}"},
                nquads=f'{subject} <https://schema.org/name> "講座{i}" .\n',
            )
        )
    RegistryDocument.objects.bulk_create(rows, batch_size=500)
    return rows


def read_gzip(path):
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def test_the_dump_holds_every_stored_document_exactly_once(certified, dump_dir):
    stored_rows(5)
    manifest = dumps.write_dumps()
    expected = sorted(
        json.dumps(d, sort_keys=True)
        for d in RegistryDocument.objects.values_list("document", flat=True)
    )
    assert len(expected) == 2 * KINDS + 5
    lines = read_gzip(dump_dir / dumps.JSON_LINES).splitlines()
    assert sorted(json.dumps(json.loads(line), sort_keys=True) for line in lines) == expected
    array = json.loads(read_gzip(dump_dir / dumps.JSON_ARRAY))
    assert sorted(json.dumps(d, sort_keys=True) for d in array) == expected
    assert manifest["counts"] == {"documents": 2 * KINDS + 5, "documents_without_nquads": 0}


def test_the_nquads_dump_is_the_stored_canonical_nquads(certified, dump_dir):
    dumps.write_dumps()
    nquads = read_gzip(dump_dir / dumps.NQUADS)
    stored = "".join(
        RegistryDocument.objects.order_by("credential_id", "kind").values_list("nquads", flat=True)
    )
    assert nquads == stored
    lines = nquads.splitlines()
    assert len(lines) > 10
    assert all(line.endswith(" .") and line.startswith(("<", "_:")) for line in lines)
    assert any(
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement" in line for line in lines
    )


def test_refreshing_stores_the_documents_canonical_nquads(certified):
    stored = RegistryDocument.objects.get(
        credential_id=certified[0].credential_id, kind=ACHIEVEMENT
    )
    assert stored.nquads == dataintegrity.canonize(stored.document)


def test_the_manifest_hashes_and_sizes_match_the_files(certified, dump_dir):
    manifest = dumps.write_dumps()
    assert [entry["name"] for entry in manifest["files"]] == [
        dumps.JSON_LINES,
        dumps.JSON_ARRAY,
        dumps.NQUADS,
    ]
    for entry in manifest["files"]:
        data = (dump_dir / entry["name"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert json.loads((dump_dir / dumps.MANIFEST).read_text()) == manifest
    # No temporary file is left behind.
    assert sorted(p.name for p in dump_dir.iterdir()) == sorted(
        [dumps.MANIFEST, dumps.JSON_LINES, dumps.JSON_ARRAY, dumps.NQUADS]
    )


def test_the_same_register_gives_the_same_bytes(certified, dump_dir):
    first = {e["name"]: e["sha256"] for e in dumps.write_dumps()["files"]}
    second = {e["name"]: e["sha256"] for e in dumps.write_dumps()["files"]}
    assert first == second


def test_an_empty_register_dumps_valid_empty_files(db, dump_dir):
    manifest = dumps.write_dumps()
    assert manifest["counts"]["documents"] == 0
    assert json.loads(read_gzip(dump_dir / dumps.JSON_ARRAY)) == []
    assert read_gzip(dump_dir / dumps.JSON_LINES) == ""


def test_dumps_reuse_the_stored_documents_never_the_builders(certified, dump_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a dump must not rebuild or recanonicalise documents")

    monkeypatch.setattr(publishing, "BUILDERS", {ACHIEVEMENT: refuse})
    monkeypatch.setattr("registry_export.documents.achievement", refuse)
    monkeypatch.setattr("registry_export.dataintegrity.canonize", refuse)
    monkeypatch.setattr("pyld.jsonld.normalize", refuse)
    manifest = dumps.write_dumps()
    assert manifest["counts"]["documents"] == 2 * KINDS


def test_a_document_that_cannot_be_canonicalised_is_counted_not_fatal(db, dump_dir, caplog):
    document = {"@context": "https://example.org/unknown.jsonld", "id": "urn:x", "name": "x"}
    assert publishing.canonical_nquads(document) == ""
    assert "cannot be canonicalised" in caplog.text
    RegistryDocument.objects.create(
        credential_id=uuid.uuid4(), kind="other", dossier_id=1, document=document, nquads=""
    )
    manifest = dumps.write_dumps()
    assert manifest["counts"] == {"documents": 1, "documents_without_nquads": 1}


def peak_bytes(directory):
    tracemalloc.start()
    try:
        dumps.write_dumps(directory)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_register_grows(db, tmp_path):
    stored_rows(200)
    small = peak_bytes(tmp_path / "small")
    RegistryDocument.objects.all().delete()
    stored_rows(2000)
    large = peak_bytes(tmp_path / "large")
    assert large < 2 * small + 256 * 1024, (small, large)


def test_the_command_writes_the_chosen_format_with_progress(db, tmp_path, capsys):
    stored_rows(250)
    call_command("export_registry", "--output", str(tmp_path), "--format", "nquads", "--progress")
    out, err = capsys.readouterr()
    assert "Exported 250 documents" in out
    # tqdm redraws in place; the bar closes on its final state, on a line of its own.
    final = err.split("\r")[-1]
    assert final.startswith("Exporting documents: 100%")
    assert "250/250" in final
    assert "doc/s]" in final
    assert final.endswith("\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [dumps.MANIFEST, dumps.NQUADS]
    assert len(read_gzip(tmp_path / dumps.NQUADS).splitlines()) == 250


@pytest.mark.parametrize("flag", [[], ["--no-progress"]])
def test_the_command_draws_no_bar_off_a_terminal_or_when_told(db, tmp_path, capsys, flag):
    stored_rows(150)
    call_command("export_registry", "--output", str(tmp_path), *flag)
    out, err = capsys.readouterr()
    assert "Exported 150 documents" in out
    assert err == ""


def test_the_command_refuses_an_unknown_format(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_registry", "--output", str(tmp_path), "--format", "xml")
    assert not any(tmp_path.iterdir())


def test_the_nightly_task_writes_the_dumps(db, dump_dir, settings):
    stored_rows(3)
    assert build_registry_dumps.delay().get() == 3
    assert dumps.read_manifest()["counts"]["documents"] == 3
    schedule = settings.CELERY_BEAT_SCHEDULE["build-registry-dumps"]
    assert schedule["task"] == "registry_export.tasks.build_registry_dumps"


def test_the_registry_serves_the_manifest_and_the_files(client, certified, dump_dir):
    dumps.write_dumps()
    response = client.get("/registry/dumps/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = response.json()
    assert manifest["counts"]["documents"] == 2 * KINDS
    for entry in manifest["files"]:
        assert entry["url"] == f"http://testserver/registry/dumps/{entry['name']}"
        served = client.get(f"/registry/dumps/{entry['name']}")
        assert served.status_code == 200
        data = b"".join(served.streaming_content)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_the_registry_serves_nothing_outside_the_manifest(client, db, dump_dir, settings):
    assert client.get("/registry/dumps/").status_code == 404  # no dump yet
    assert client.get(f"/registry/dumps/{dumps.NQUADS}").status_code == 404
    dumps.write_dumps(fmt="jsonld")
    (dump_dir / dumps.NQUADS).write_bytes(b"stale")
    (settings.REGISTRY_DUMP_DIR.parent / "secret.txt").write_text("secret")
    for name in (
        dumps.NQUADS,  # on disk but not in this dump's manifest
        dumps.MANIFEST,
        "..%2Fsecret.txt",
        "%2E%2E%2Fsecret.txt",
        "../secret.txt",
        ".." + "%5Csecret.txt",
    ):
        assert client.get(f"/registry/dumps/{name}").status_code == 404, name
    assert client.get(f"/registry/dumps/{dumps.JSON_LINES}").status_code == 200


def test_the_migration_fills_the_nquads_of_documents_stored_before_it(certified):
    from importlib import import_module

    from django.apps import apps

    from registry_export.models import RegistryChange

    migration = import_module("registry_export.migrations.0003_dumps")
    RegistryDocument.objects.update(nquads="")
    RegistryChange.objects.all().delete()
    migration.fill_nquads_and_log(apps, None)
    for stored in RegistryDocument.objects.all():
        assert stored.nquads == dataintegrity.canonize(stored.document)
    assert sorted(RegistryChange.objects.values_list("credential_id", "action")) == sorted(
        (dossier.credential_id, "updated") for dossier in certified for _kind in range(KINDS)
    )
