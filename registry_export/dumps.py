"""Full dumps of the registry, for harvesters that want everything at once.

The stored documents are streamed, never rebuilt: one query read in chunks, ordered by
(credential id, kind), writes every file in a single pass, so memory stays flat however large
the register grows. The N-Quads come from each document's stored canonical N-Quads.

Files, gzipped with a fixed timestamp (the same register gives the same bytes):

- `registry.jsonl.gz`: JSON Lines, one JSON-LD document a line (the easiest to stream);
- `registry.jsonld.gz`: the same documents as one JSON array, written incrementally;
- `registry.nq.gz`: the canonical N-Quads of every document, one after another;
- `manifest.json`: when, how many documents, and each file's size and SHA-256.

Each file is written to a temporary file in the dump directory and renamed into place, the
manifest last, so a reader never sees a half-written file.
"""

import gzip
import hashlib
import json
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import RegistryDocument

MANIFEST = "manifest.json"
JSON_LINES = "registry.jsonl.gz"
JSON_ARRAY = "registry.jsonld.gz"
NQUADS = "registry.nq.gz"

FORMATS = {"jsonld": (JSON_LINES, JSON_ARRAY), "nquads": (NQUADS,)}
FORMATS["all"] = FORMATS["jsonld"] + FORMATS["nquads"]

MEDIA_TYPES = {
    JSON_LINES: "application/jsonl+json",
    JSON_ARRAY: "application/ld+json",
    NQUADS: "application/n-quads",
}

#: Rows fetched per round trip; small enough that memory does not depend on the register.
CHUNK_SIZE = 100


def dump_dir():
    return Path(getattr(settings, "REGISTRY_DUMP_DIR", settings.BASE_DIR / "var" / "dumps"))


class _GzipOut:
    """A gzip file written under a temporary name and renamed into place on commit."""

    def __init__(self, directory, name):
        self.name = name
        self.path = directory / name
        handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
        self.temp = Path(temp)
        self.raw = os.fdopen(handle, "wb")
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0)

    def write(self, text):
        self.gzip.write(text.encode("utf-8"))

    def commit(self):
        self.gzip.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.temp, self.path)

    def discard(self):
        self.gzip.close()
        self.raw.close()
        self.temp.unlink(missing_ok=True)


def _file_entry(path, name):
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return {
        "name": name,
        "media_type": MEDIA_TYPES[name],
        "encoding": "gzip",
        "size": path.stat().st_size,
        "sha256": digest.hexdigest(),
    }


def _write_atomically(path, text):
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temp, path)


def write_dumps(directory=None, *, fmt="all", progress=None):
    """Write the dump files of `fmt` (jsonld, nquads or all) and the manifest into `directory`
    (default settings.REGISTRY_DUMP_DIR). `progress(done, total)` is called after each chunk.
    Returns the manifest."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown dump format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    directory = Path(directory) if directory is not None else dump_dir()
    directory.mkdir(parents=True, exist_ok=True)
    generated_at = timezone.now()
    total = RegistryDocument.objects.count()
    rows = (
        RegistryDocument.objects.order_by("credential_id", "kind")
        .values_list("document", "nquads")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    counts = {"documents": 0, "documents_without_nquads": 0}
    with ExitStack() as cleanup:
        outputs = {}
        for name in FORMATS[fmt]:
            outputs[name] = _GzipOut(directory, name)
            cleanup.callback(outputs[name].discard)
        lines, array, nquads = (outputs.get(n) for n in (JSON_LINES, JSON_ARRAY, NQUADS))
        if array:
            array.write("[")
        for document, canonical in rows:
            text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
            if lines:
                lines.write(text + "\n")
            if array:
                array.write(("\n" if counts["documents"] == 0 else ",\n") + text)
            if nquads:
                nquads.write(canonical)
            if not canonical:
                counts["documents_without_nquads"] += 1
            counts["documents"] += 1
            if progress and (counts["documents"] % CHUNK_SIZE == 0 or counts["documents"] == total):
                progress(counts["documents"], total)
        if array:
            array.write("\n]\n")
        for output in outputs.values():
            output.commit()
        cleanup.pop_all()
    manifest = {
        "generated_at": generated_at.isoformat(),
        "counts": counts,
        "files": [_file_entry(directory / name, name) for name in FORMATS[fmt]],
    }
    _write_atomically(
        directory / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    )
    return manifest


def read_manifest(directory=None):
    """The last dump's manifest, or None if no dump was written yet."""
    path = (Path(directory) if directory is not None else dump_dir()) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
