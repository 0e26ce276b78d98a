"""Every error of the provider API in one shape:

    {"detail": {"ja": …, "en": …}, "errors": [{"pointer": "/title/en", "message": {"ja", "en"}}]}

A script reads `errors` by JSON pointer; a person reads `detail` in their language. Services
raise DomainError with a message in the request's language only, so the API renders its own
bilingual text from the error's code (the msgids are the services' own where they say the same).
"""

import math

from django.utils.translation import gettext_lazy as _
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


def exception_handler(exc, context):
    """DRF's own errors (401, 404, 405, 429, a body that is not JSON) in the same shape."""
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict):
        return response
    detail = response.data.get("detail")
    if detail is None:
        return response
    default = getattr(exc, "default_detail", None)
    if isinstance(exc, exceptions.Throttled):
        detail = bilingual(THROTTLED, seconds=math.ceil(exc.wait or 1))
    elif isinstance(exc, exceptions.APIException) and default is not None:
        if str(detail) == str(default):
            detail = bilingual(default)
        elif getattr(detail, "code", None) in OWN_MESSAGES:
            detail = bilingual(OWN_MESSAGES[detail.code])
    if not isinstance(detail, dict):
        detail = {"ja": str(detail), "en": str(detail)}
    response.data = {"detail": detail, "errors": []}
    return response
