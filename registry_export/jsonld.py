"""JSON-LD processing that never touches the network.

pyld's default loader would fetch contexts over HTTP. Ours serves the official context files
from a local copy and refuses every other URL (fail-closed), so a document that names an
unknown context fails loudly instead of being processed against whatever a server returns.
The files come from the pinned `openbadgeslib` package, which bundles the official VC 2.0,
Open Badges 3.0, Data Integrity and Multikey contexts unchanged. The CTDL and ELM (EDC
application profile) contexts, which no installable package bundles, ship unchanged in
`registry_export/contexts/` with their provenance (URL, source, date, SHA-256, licence) in its
`PROVENANCE.json`. Nothing is read from outside the installed product.
"""

import json
from functools import cache
from pathlib import Path

import openbadgeslib
from pyld import jsonld
from pyld.jsonld import JsonLdError

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CTDL = "https://credreg.net/ctdl/schema/context/json"
ELM_EDC_AP = "http://data.europa.eu/snb/model/context/edc-ap"

_BUNDLE = Path(openbadgeslib.__file__).parent / "ob3" / "contexts"
#: The official contexts no package bundles, shipped with this app (see PROVENANCE.json there).
SHIPPED_CONTEXTS = Path(__file__).resolve().parent / "contexts"

CONTEXT_FILES = {
    VC_V2: _BUNDLE / "credentials-v2.json",
    OB_V3P0: _BUNDLE / "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": _BUNDLE / "ob-v3p0-extensions.json",
    "https://w3id.org/security/data-integrity/v2": _BUNDLE / "security-data-integrity-v2.json",
    "https://w3id.org/security/multikey/v1": _BUNDLE / "security-multikey-v1.json",
    CTDL: SHIPPED_CONTEXTS / "ctdl-context.json",
    ELM_EDC_AP: SHIPPED_CONTEXTS / "edc-ap-context.jsonld",
}


@cache
def _context(url):
    return json.loads(CONTEXT_FILES[url].read_text(encoding="utf-8"))


def document_loader(url, options=None):
    """pyld document loader over the local contexts; anything else is an error."""
    if url not in CONTEXT_FILES:
        raise JsonLdError(
            f"Refusing to load {url!r}: only the bundled standard contexts are available offline.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": _context(url),
        # "static" lets pyld cache the processed context instead of redoing it on every call.
        "tag": "static",
    }


def expand(document):
    return jsonld.expand(document, {"documentLoader": document_loader})
