import json

from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from . import documents
from .jsonld import CTDL, ELM_EDC_AP, OB_V3P0
from .models import RegistryDocument

JSON_LD = "application/ld+json"


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


@require_GET
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
        response = document(request, credential_id, FORMATS[name][0])
        response["Content-Type"] = f'{JSON_LD}; profile="{FORMATS[name][1]}"; charset=utf-8'
        response["Content-Location"] = documents.item_url(credential_id, FORMATS[name][0])
    patch_vary_headers(response, ["Accept"])
    response["Access-Control-Allow-Origin"] = "*"
    return response
