"""/verify/ (a page for people) and /api/v1/verify/ (the same answer as JSON)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import parsers, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accreditation.api import errors as api_errors

from . import verification

#: Verifications per client address: each costs about 30 ms of canonicalisation, so the limit
#: is lower than the catalogue's reads. settings.VERIFY_RATE may change it.
DEFAULT_RATE = "60/min"


class VerifyThrottle(AnonRateThrottle):
    scope = "verify"

    def get_rate(self):
        return getattr(settings, "VERIFY_RATE", DEFAULT_RATE)


def _read_capped(upload):
    """At most one byte more than the verifier accepts, so an oversized file is refused
    without being read whole."""
    return upload.read(verification.MAX_UPLOAD_BYTES + 1)


def _verify_request(request):
    """The verification of what a request carries: an uploaded file, else pasted text."""
    language = get_language()
    upload = request.FILES.get("file")
    if upload is not None:
        return verification.verify_upload(_read_capped(upload), language=language)
    return verification.verify_text(request.POST.get("credential", ""), language=language)


# Verifying changes nothing and reads no session: a cross-site form post can learn nothing it
# could not learn by posting itself. Without a CSRF token the page holds no per-reader data.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify_page(request):
    result, pasted = None, ""
    if request.method == "POST" and not VerifyThrottle().allow_request(request, None):
        response = render(request, "registry_export/verify.html", {"throttled": True})
        response.status_code = 429
        return response
    if request.method == "POST":
        try:
            pasted = request.POST.get("credential", "")
            result = _verify_request(request)
        except RequestDataTooBig:  # beyond Django's form limit: say so, not a bare 400
            result = verification.too_large()
    return render(request, "registry_export/verify.html", {"result": result, "pasted": pasted})


class _RawBodyParser(parsers.BaseParser):
    """The request body as it came: the verifier reports malformed JSON itself, precisely."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


_CHECKS = inline_serializer(
    "VerificationCheck",
    {
        "check": serializers.CharField(),
        "label": serializers.CharField(),
        "passed": serializers.BooleanField(allow_null=True),
        "detail": serializers.CharField(),
    },
    many=True,
)


class VerifyView(APIView):
    """POST a credential: the badge's JSON as the body, or a file (JSON, baked PNG or SVG) as
    multipart field `file`."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [VerifyThrottle]
    parser_classes = [parsers.MultiPartParser, _RawBodyParser]

    def get_exception_handler(self):
        return api_errors.exception_handler  # the API's error shape (a 429), in both languages

    @extend_schema(
        summary="Verify an Open Badges 3.0 credential against the register",
        description=(
            "Send a learner's OB 3.0 badge that embeds the register's endorsement, or the "
            "endorsement itself, as the request body (application/json; a badge secured as a "
            "compact JWT may be sent as the body too), or upload it as the "
            "multipart field `file` (JSON, or a baked PNG or SVG badge). The answer is always "
            "200 with `verified` and a `verdict` (certified, suspended, revoked, expired or "
            "not_verified); when not verified, `reason` is a stable code: malformed, "
            "not_a_credential, no_endorsement_from_register, "
            "foreign_issuer, unknown_key, tampered, badge_tampered, subject_mismatch, "
            "unknown_item, not_yet_valid, too_complex. `message` and labels follow "
            "Accept-Language (ja, en). A body holding a control character (NUL and the like) "
            "is refused with 400 before it is read, naming where it is."
        ),
        # Any body at all: what is not a credential is answered 200 "malformed", not refused.
        request={
            "application/json": OpenApiTypes.ANY,
            "multipart/form-data": OpenApiTypes.ANY,
        },
        responses=inline_serializer(
            "Verification",
            {
                "verified": serializers.BooleanField(),
                "verdict": serializers.ChoiceField(
                    ["certified", "suspended", "revoked", "expired", "not_verified"]
                ),
                "reason": serializers.CharField(allow_null=True),
                "message": serializers.CharField(),
                "checks": _CHECKS,
                "item": serializers.DictField(allow_null=True),
                "endorsement": serializers.DictField(allow_null=True),
                "badge": serializers.DictField(allow_null=True),
            },
        ),
        examples=[
            OpenApiExample(
                "Not JSON",
                response_only=True,
                value={
                    "verified": False,
                    "verdict": "not_verified",
                    "reason": "malformed",
                    "message": "This is not valid JSON (Expecting value). Line 1, column 1.",
                    "checks": [],
                    "item": None,
                    "endorsement": None,
                    "badge": None,
                },
            )
        ],
    )
    def post(self, request):
        api_errors.require_known_parameters(request, ())
        if request.content_type.startswith("multipart/"):
            return Response(_verify_request(request).as_json())
        # An empty body reaches no parser: DRF's data is then an empty dict, not b"".
        body = request.data if isinstance(request.data, bytes) else b""
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "\ufffd"  # answered as "not valid JSON", like any other unreadable body
        return Response(verification.verify_text(text, language=get_language()).as_json())

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Any site may verify from a browser: no credentials are involved.
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, Accept-Language"
        return response
