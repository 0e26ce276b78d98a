"""The official files the product and its tests read ship with them, unchanged and accounted for.

Two manifests say where each file comes from (URL, source, date, SHA-256, licence):
`registry_export/contexts/PROVENANCE.json` for every JSON-LD context the document loader serves
(five from the pinned openbadgeslib package, two shipped in that folder) and
`tests/standards/PROVENANCE.json` for what only the tests read (shapes, the CTDL schema, the
W3C vectors). Each file must hash to its manifest entry. Where the reference copy of the
standards (`../shared`, or REFERENCE_DIR) is on the machine, each file must also equal it;
.ci/run runs the suite from a scratch clone and passes the reference copy as REFERENCE_DIR.
"""

import hashlib
import json
import os
import re
from pathlib import Path

import jsonschema
import openbadgeslib
import pytest
from django.conf import settings

from accreditation.schema import SCHEMA_PATH
from registry_export import jsonld as offline
from tests import standards

RUNTIME_MANIFEST = offline.SHIPPED_CONTEXTS / "PROVENANCE.json"
TESTS_MANIFEST = standards.ROOT / "PROVENANCE.json"
PACKAGES = {"openbadgeslib==4.6.3": Path(openbadgeslib.__file__).parent}
FIELDS = {"path", "url", "source", "date", "sha256", "licence"}


def _manifest(path):
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def _runtime_file(entry):
    base = PACKAGES[entry["package"]] if "package" in entry else offline.SHIPPED_CONTEXTS
    return base / entry["path"]


def _reference_dir():
    """The optional reference copy: REFERENCE_DIR (which must then hold it) or `shared/`
    beside the repository; None when neither is there."""
    explicit = os.environ.get("REFERENCE_DIR")
    candidate = Path(explicit or settings.BASE_DIR.parent / "shared")
    if (candidate / "standards" / "index.json").is_file():
        return candidate
    if explicit:
        pytest.fail(f"REFERENCE_DIR={explicit} holds no standards/index.json")
    return None


def _reference_file(reference, entry):
    """The reference copy's file for a manifest entry: contexts by URL (index.json), the rest
    by their path, which mirrors the reference folder."""
    root = reference / "standards"
    contexts = json.loads((root / "index.json").read_text(encoding="utf-8"))["contexts"]
    if entry["url"] in contexts:
        return root / contexts[entry["url"]]
    return root / entry["path"]


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


RUNTIME = [(entry, _runtime_file(entry)) for entry in _manifest(RUNTIME_MANIFEST)]
TESTS = [(entry, standards.ROOT / entry["path"]) for entry in _manifest(TESTS_MANIFEST)]


@pytest.mark.parametrize(
    ("entry", "path"), RUNTIME + TESTS, ids=[entry["path"] for entry, _ in RUNTIME + TESTS]
)
def test_each_shipped_file_is_the_official_file(entry, path):
    assert set(entry) >= FIELDS, entry
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["date"])
    assert entry["url"].startswith(("http://", "https://"))
    assert _sha256(path) == entry["sha256"], f"{path} is not the file its manifest names"
    reference = _reference_dir()
    if reference is not None:
        assert path.read_bytes() == _reference_file(reference, entry).read_bytes()


def test_the_loader_serves_exactly_the_listed_contexts():
    listed = {entry["url"]: path for entry, path in RUNTIME}
    assert listed == offline.CONTEXT_FILES
    assert len(listed) == 7


def test_every_file_in_the_shipped_folders_is_listed():
    """Nothing unaccounted for: a file added to a folder needs its provenance."""
    for folder, entries in (
        (offline.SHIPPED_CONTEXTS, [e for e, _ in RUNTIME if "package" not in e]),
        (standards.ROOT, [e for e, _ in TESTS]),
    ):
        on_disk = {
            str(p.relative_to(folder))
            for p in folder.rglob("*")
            if p.is_file()
            and p.name not in {"PROVENANCE.json", "__init__.py"}
            and "__pycache__" not in p.parts
        }
        assert on_disk == {entry["path"] for entry in entries}, folder


def test_nothing_the_product_reads_lies_outside_the_installed_product():
    """No path of the loader points outside the repository or the installed packages (the
    reference copy beside a checkout is not part of the product)."""
    allowed = [settings.BASE_DIR.resolve(), *(p.resolve() for p in PACKAGES.values())]
    for path in offline.CONTEXT_FILES.values():
        assert any(path.resolve().is_relative_to(root) for root in allowed), path


def test_the_dossier_schema_is_a_valid_schema_and_equals_the_reference_copy():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema).check_schema(schema)
    reference = _reference_dir()
    if reference is not None:
        shared = json.loads((reference / "schemas" / "dossier.schema.json").read_text("utf-8"))
        assert schema == shared
