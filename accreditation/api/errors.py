"""Every error of the provider API in one shape:

    {"detail": {"ja": …, "en": …}, "errors": [{"pointer": "/title/en", "message": {"ja", "en"}}]}

A script reads `errors` by JSON pointer; a person reads `detail` in their language. Services
raise DomainError with a message in the request's language only, so the API renders its own
bilingual text from the error's code (the msgids are the services' own where they say the same).
DRF's own errors are rendered the same way from the exception's kind, never from its text, which
DRF has already written in the request's language.
"""

import math
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accreditation import content as dossier_content
from accreditation import screening
from accreditation.models import DossierState
from accreditation.schema import bilingual

NOT_IN_SCHEMA = _("The dossier does not follow the interchange format: see the errors.")
NOT_EDITABLE = _("This dossier cannot be edited while it is “%(state)s”.")
NOT_POSSIBLE = _("This action is not possible while the dossier is “%(state)s”.")
INCOMPLETE = _("The dossier is not complete yet.")
INELIGIBLE = _("The dossier does not pass the intake screening.")
DUPLICATE_REFERENCE = _("Your organisation already has a dossier with this reference.")
FORBIDDEN = _("You are not allowed to do this.")
INVALID_KEY = _("This API key is not valid (unknown or revoked).")
THROTTLED = _("Too many requests: try again in %(seconds)s seconds.")
MALFORMED_HEADER = _("Send the key as “Authorization: Bearer <key>”.")
NOT_FOUND = _("No such dossier in your organisation.")
NO_SUCH_PAGE = _("There is no page “%(page)s” of this list.")
METHOD_NOT_ALLOWED = _("The method %(method)s is not allowed here.")
UNSUPPORTED_MEDIA_TYPE = _("Send the body as JSON (Content-Type: application/json), not %(type)s.")
NOT_JSON_AT = _("The body is not valid JSON (line %(line)s, column %(column)s).")
NOT_JSON = _("The body is not valid JSON.")
NO_ENDPOINT = _("There is no API endpoint at %(path)s: the endpoints are listed at %(schema)s.")
BAD_QUERY = _("The query parameter “%(name)s” must be %(expected)s.")
UNKNOWN_QUERY = _("“%(name)s” is not a query parameter here; this operation takes: %(names)s.")
NO_QUERY = _("“%(name)s” is not a query parameter here; this operation takes none.")
WHOLE_NUMBER = _("a whole number of 1 or more")
NUMBER = _("a number")

#: Messages the API raises itself as exception details, by the code they are raised with.
OWN_MESSAGES = {"invalid_key": INVALID_KEY, "malformed_header": MALFORMED_HEADER}


def error_response(http_status, detail, errors=(), **extra):
    return Response({"detail": detail, "errors": list(errors), **extra}, status=http_status)


def invalid_content(problems):
    """400: the body departs from the schema; `problems` come from schema.validate()."""
    return error_response(status.HTTP_400_BAD_REQUEST, bilingual(NOT_IN_SCHEMA), problems)


def refused(error, dossier, *, editing=False):
    """The answer to a DomainError from a dossier service, by its code."""
    if error.code == "state":
        message = NOT_EDITABLE if editing else NOT_POSSIBLE
        detail = bilingual(message, state=DossierState(dossier.state).label)
        return error_response(status.HTTP_409_CONFLICT, detail)
    if error.code in ("incomplete", "ineligible"):
        return not_submittable(dossier)
    if error.code == "duplicate_reference":
        detail = bilingual(DUPLICATE_REFERENCE)
        errors = [{"pointer": "/provider_reference", "message": detail}]
        return error_response(status.HTTP_409_CONFLICT, detail, errors)
    if error.code == "forbidden":
        return error_response(status.HTTP_403_FORBIDDEN, bilingual(FORBIDDEN))
    # A refusal the API does not know by code: its message, in the request's language.
    message = str(error.message)
    return error_response(status.HTTP_400_BAD_REQUEST, {"ja": message, "en": message})


def not_submittable(dossier):
    """409 with everything that keeps the dossier from submission: what the schema still
    lacks (`errors`) and the intake screening (`screening`), both at once."""
    problems = dossier_content.submission_problems(dossier.content)
    report = screening.screen(dossier_content.prune(dossier.content))
    detail = bilingual(INCOMPLETE if problems else INELIGIBLE)
    return error_response(status.HTTP_409_CONFLICT, detail, problems, screening=report)


class InvalidQueryParameter(exceptions.APIException):
    """400: a query parameter the schema types (a page, a size, a number) is not of its type."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, name, expected):
        self.name, self.expected = name, expected
        super().__init__(f"{name}: {expected}")


class UnknownQueryParameter(exceptions.APIException):
    """400: a query parameter the operation does not take (a typo would otherwise be ignored)."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, name, allowed):
        self.name, self.allowed = name, tuple(allowed)
        super().__init__(f"{name}: not one of {', '.join(self.allowed)}")


def require_known_parameters(request, allowed):
    """Refuse a query parameter the operation does not document."""
    for name in request.query_params:
        if name not in allowed:
            raise UnknownQueryParameter(name, allowed)


def _drf_detail(exc, request):
    """The bilingual detail of an error DRF answers, from the exception's kind; None when DRF
    raised it with a text of its own that no kind explains."""
    if isinstance(exc, InvalidQueryParameter):
        return bilingual(BAD_QUERY, name=exc.name, expected=exc.expected)
    if isinstance(exc, UnknownQueryParameter):
        if not exc.allowed:
            return bilingual(NO_QUERY, name=exc.name)
        return bilingual(UNKNOWN_QUERY, name=exc.name, names=", ".join(exc.allowed))
    if isinstance(exc, Http404):  # the access helpers: missing and forbidden alike
        return bilingual(NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return bilingual(FORBIDDEN)
    if isinstance(exc, exceptions.Throttled):
        return bilingual(THROTTLED, seconds=math.ceil(exc.wait or 1))
    if isinstance(exc, exceptions.MethodNotAllowed):
        return bilingual(METHOD_NOT_ALLOWED, method=request.method)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return bilingual(UNSUPPORTED_MEDIA_TYPE, type=request.content_type or "-")
    if isinstance(exc, exceptions.ParseError):
        # JSONParser: "JSON parse error - Expecting value: line 1 column 1 (char 0)".
        where = re.search(r"line (\d+) column (\d+)", str(exc.detail))
        if where is None:
            return bilingual(NOT_JSON)
        return bilingual(NOT_JSON_AT, line=where[1], column=where[2])
    code = getattr(exc.detail, "code", None)
    if code in OWN_MESSAGES:
        return bilingual(OWN_MESSAGES[code])
    default = getattr(exc, "default_detail", None)
    if default is not None and str(exc.detail) == str(default):
        return bilingual(default)
    if isinstance(exc, exceptions.NotFound):  # the paginator, past the last page
        return bilingual(NO_SUCH_PAGE, page=request.query_params.get("page", ""))
    return None


def exception_handler(exc, context):
    """DRF's own errors (401, 404, 405, 415, 429, a body that is not JSON) in the same shape,
    each in both languages."""
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict):
        return response
    detail = response.data.get("detail")
    if detail is None:
        return response
    known = _drf_detail(exc, context["request"])
    if known is None:
        known = {"ja": str(detail), "en": str(detail)}
    response.data = {"detail": known, "errors": []}
    return response


@csrf_exempt  # it changes nothing; a script's POST to a wrong path learns why, not "CSRF"
def unknown_endpoint(request, rest=""):
    """404 in the API's shape for any path under /api/ that names no endpoint, instead of the
    public site's HTML page (or a redirect to /ja/…) that a script cannot read."""
    detail = bilingual(NO_ENDPOINT, path=request.path, schema=reverse("provider_api:schema"))
    return JsonResponse(
        {"detail": detail, "errors": []}, status=404, json_dumps_params={"ensure_ascii": False}
    )
