import json

from django.http import Http404, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from . import keys
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


@require_GET
def did_document(request):
    """The accreditor's did:web document, public and readable from any origin."""
    body = json.dumps(keys.did_document(), indent=2)
    response = HttpResponse(body, content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
