import json

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from . import documents, dumps, keys
from .models import RegistryChange, RegistryDocument

JSON_LD = "application/ld+json"
CHANGES_PAGE = 500


@require_GET
def document(request, credential_id, kind):
    """A stored registry document, public, as JSON-LD."""
    try:
        stored = RegistryDocument.objects.get(credential_id=credential_id, kind=kind)
    except RegistryDocument.DoesNotExist:
        raise Http404 from None
    body = json.dumps(stored.document, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{JSON_LD}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Last-Modified"] = http_date(stored.updated_at.timestamp())
    return response


@require_GET
def did_document(request):
    """The accreditor's did:web document, public and readable from any origin."""
    body = json.dumps(keys.did_document(), indent=2)
    response = HttpResponse(body, content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _open(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def dump_manifest(request):
    """The last full dump's manifest, each file with its absolute URL."""
    manifest = dumps.read_manifest()
    if manifest is None:
        raise Http404
    for entry in manifest["files"]:
        path = reverse("registry:dump_file", kwargs={"name": entry["name"]})
        entry["url"] = f"{settings.SITE_URL}{path}"
    return _open(JsonResponse(manifest, json_dumps_params={"ensure_ascii": False}))


@require_GET
def dump_file(request, name):
    """A file of the last full dump; only the files its manifest lists are served."""
    manifest = dumps.read_manifest()
    entries = {entry["name"]: entry for entry in (manifest or {}).get("files", [])}
    if name not in entries:
        raise Http404
    directory = dumps.dump_dir().resolve()
    path = (directory / name).resolve()
    if path.parent != directory or not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type="application/gzip"
    )
    return _open(response)


def _bad_request(message):
    return _open(JsonResponse({"error": message}, status=400))


@require_GET
def changes(request):
    """The change feed: every document write or removal after the `since` cursor, oldest
    first, at most CHANGES_PAGE at a time. Start without `since` (or since=0) and pass back
    `next_cursor` each time; an empty page means the harvester is up to date."""
    since = request.GET.get("since", "0")
    if not since.isdigit() or len(since) > 18:
        return _bad_request(
            "The since parameter must be a cursor returned as next_cursor by this feed "
            "(a non-negative integer), or 0 to read from the beginning."
        )
    since = int(since)
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
    return _open(JsonResponse(body, json_dumps_params={"ensure_ascii": False}))
