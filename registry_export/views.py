import json
from functools import wraps

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_GET, require_safe

from config import http_cache
from config.input_rules import as_id

from . import documents, dumps, keys, selectors
from .jsonld import CTDL, ELM_EDC_AP, OB_V3P0
from .models import Endorsement, RegistryChange, RegistryDocument, StatusList

JSON_LD = "application/ld+json"
CHANGES_PAGE = 500
#: Seconds a cache may keep a status list: a suspension or revocation reaches verifiers behind
#: any proxy within five minutes, well inside the hour the list itself asks readers to wait
#: between fetches (its `ttl`, registry_export/endorsements.py).
STATUS_LIST_MAX_AGE = 300


#: What each per-item document is, for people (the landing page).
DOCUMENT_LABELS = {
    documents.ACHIEVEMENT: _("Open Badges 3.0 Achievement, with the signed record embedded"),
    documents.ENDORSEMENT: _(
        "The signed accreditation record: an Open Badges 3.0 EndorsementCredential"
    ),
    documents.CTDL: _("CTDL MicroCredential (Credential Engine)"),
    documents.ELM: _("European Learning Model LearningAchievementSpecification"),
    documents.SCHEMA_ORG: _("schema.org EducationalOccupationalCredential"),
}


@require_GET
def index(request):
    """The registry's landing page, for people: what it publishes and where, with links."""
    overview = selectors.registry_overview()
    profiles = {kind: (name, profile) for name, (kind, profile) in FORMATS.items()}
    kinds = [
        {
            "kind": kind,
            "label": label,
            "format": profiles.get(kind, ("", ""))[0],
            "profile": profiles.get(kind, ("", ""))[1],
            "path": reverse(
                "registry:document", kwargs={"credential_id": overview.example, "kind": kind}
            )
            if overview.example
            else "",
        }
        for kind, label in DOCUMENT_LABELS.items()
    ]
    item_path = (
        reverse("registry:item", kwargs={"credential_id": overview.example})
        if overview.example
        else ""
    )
    context = {
        "overview": overview,
        "kinds": kinds,
        "item_path": item_path,
        "changes_page": CHANGES_PAGE,
    }
    return render(request, "registry_export/index.html", context)


def public_read(view=None, *, max_age=None):
    """A read-only view (GET and HEAD, which link checkers and caches send) whose answers any
    site may read from a browser (registries, badge platforms, verifiers): the registry is
    public, and carries no credentials. The same for every reader, so public to HTTP caches
    too, for `max_age` seconds (PUBLIC_CACHE_MAX_AGE unless given), with an ETag of its exact
    bytes and a 304 for a copy still current."""

    def decorator(view):
        cached = http_cache.public(max_age)(view)

        @require_safe
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = cached(request, *args, **kwargs)
            response["Access-Control-Allow-Origin"] = "*"  # on a 304 too: the browser merges
            return response

        return wrapped

    return decorator if view is None else decorator(view)


@public_read
def document(request, credential_id, kind):
    """A stored registry document, public, as JSON-LD."""
    return _stored_document(credential_id, kind)


def _stored_document(credential_id, kind):
    try:
        stored = RegistryDocument.objects.get(credential_id=credential_id, kind=kind)
    except RegistryDocument.DoesNotExist:
        raise Http404 from None
    return _json_ld(stored.document, stored.updated_at)


def _json_ld(document, modified=None):
    body = json.dumps(document, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{JSON_LD}; charset=utf-8")
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


@public_read
def endorsement(request, public_id):
    """A signed accreditation record, the current one of its item or an older one: a learner's
    badge may embed any of them, so each keeps its URL for good."""
    try:
        record = Endorsement.objects.get(public_id=public_id)
    except Endorsement.DoesNotExist:
        raise Http404 from None
    return _json_ld(record.document, record.signed_at)


@public_read(max_age=STATUS_LIST_MAX_AGE)
def status_list(request, purpose):
    """A signed Bitstring Status List credential (revocation or suspension), as verifiers
    fetch it from our records' `credentialStatus`. Short-lived in caches: it changes when an
    item is suspended, reinstated or revoked."""
    try:
        stored = StatusList.objects.get(purpose=purpose)
    except StatusList.DoesNotExist:
        raise Http404 from None
    return _json_ld(stored.document, stored.updated_at)


@public_read
def did_document(request):
    """The accreditor's did:web document, public and readable from any origin."""
    body = json.dumps(keys.did_document(), indent=2)
    return HttpResponse(body, content_type="application/did+json")


@public_read
def dump_manifest(request):
    """The last full dump's manifest, each file with its absolute URL."""
    manifest = dumps.read_manifest()
    if manifest is None:
        raise Http404
    for entry in manifest["files"]:
        path = reverse("registry:dump_file", kwargs={"name": entry["name"]})
        entry["url"] = f"{settings.SITE_URL}{path}"
    return JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})


def _dump_entries():
    """The last dump's files by name, as its manifest lists them."""
    manifest = dumps.read_manifest()
    return {entry["name"]: entry for entry in (manifest or {}).get("files", [])}


def _dump_etag(request, name):
    """The file's SHA-256 from the manifest, which hashed it when writing it: a reader's copy
    is judged current before the file is opened, and a file is never hashed on a read."""
    entry = _dump_entries().get(name)
    return entry["sha256"] if entry else None


@public_read
@condition(etag_func=_dump_etag)
def dump_file(request, name):
    """A file of the last full dump; only the files its manifest lists are served."""
    if name not in _dump_entries():
        raise Http404
    directory = dumps.dump_dir().resolve()
    path = (directory / name).resolve()
    if path.parent != directory or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type="application/gzip"
    )


def _bad_request(message):
    return JsonResponse({"error": message}, status=400)


@public_read
def changes(request):
    """The change feed: every document write or removal after the `since` cursor, oldest
    first, at most CHANGES_PAGE at a time. Start without `since` (or since=0) and pass back
    `next_cursor` each time; an empty page means the harvester is up to date."""
    since = as_id(request.GET.get("since", "0"))
    if since is None:
        return _bad_request(
            "The since parameter must be a cursor returned as next_cursor by this feed "
            "(a non-negative integer), or 0 to read from the beginning."
        )
    rows = list(
        RegistryChange.objects.filter(id__gt=since)
        .order_by("id")
        .values_list("id", "credential_id", "kind", "action", "changed_at")[: CHANGES_PAGE + 1]
    )
    more = len(rows) > CHANGES_PAGE
    rows = rows[:CHANGES_PAGE]
    next_cursor = rows[-1][0] if rows else since
    body = {
        "changes": [
            {
                "credential_id": str(credential_id),
                "kind": kind,
                "url": documents.item_url(credential_id, kind),
                "action": action,
                "changed_at": changed_at.isoformat(),
            }
            for _id, credential_id, kind, action, changed_at in rows
        ],
        "next_cursor": str(next_cursor),
        "has_more": more,
    }
    if more:
        body["next"] = f"{settings.SITE_URL}{reverse('registry:changes')}?since={next_cursor}"
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


#: ?format= value -> (stored kind, the JSON-LD context that names it as an Accept profile).
FORMATS = {
    "ob3": (documents.ACHIEVEMENT, OB_V3P0),
    "ctdl": (documents.CTDL, CTDL),
    "elm": (documents.ELM, ELM_EDC_AP),
    "schema-org": (documents.SCHEMA_ORG, "https://schema.org/"),
}
_JSON_LD_RANGES = {("application", "ld+json"), ("application", "*"), ("*", "*")}


def _format_from_accept(request):
    """The first acceptable format, in the client's order of preference: a JSON-LD range
    with a `profile` chooses the format whose context it names; without one, OB 3.0."""
    by_profile = {profile.rstrip("/"): name for name, (_kind, profile) in FORMATS.items()}
    for media_type in request.accepted_types:
        if (media_type.main_type, media_type.sub_type) not in _JSON_LD_RANGES:
            continue
        profiles = media_type.params.get("profile", "").split()
        if not profiles:
            return "ob3"
        for profile in profiles:
            if profile.rstrip("/") in by_profile:
                return by_profile[profile.rstrip("/")]
    return None


def _not_acceptable(credential_id):
    available = [
        {
            "format": name,
            "type": JSON_LD,
            "profile": profile,
            "href": documents.item_url(credential_id, kind),
        }
        for name, (kind, profile) in FORMATS.items()
    ]
    body = json.dumps({"detail": "Not Acceptable", "available": available}, indent=2)
    return HttpResponse(body, status=406, content_type="application/json")


@public_read
def negotiated_document(request, credential_id):
    """The item's registry document chosen by `?format=` or by the Accept header (JSON-LD
    with a profile naming the format's context); OB 3.0 for plain JSON-LD or anything."""
    name = request.GET.get("format") or None
    if name is None:
        name = _format_from_accept(request)
    if name not in FORMATS:
        if not RegistryDocument.objects.filter(credential_id=credential_id).exists():
            raise Http404
        response = _not_acceptable(credential_id)
    else:
        response = _stored_document(credential_id, FORMATS[name][0])
        response["Content-Type"] = f'{JSON_LD}; profile="{FORMATS[name][1]}"; charset=utf-8'
        response["Content-Location"] = documents.item_url(credential_id, FORMATS[name][0])
    patch_vary_headers(response, ["Accept"])
    return response
