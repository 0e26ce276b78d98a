"""The provider API's endpoints: a token's organisation's dossiers, from draft to submission.

Each view reaches a dossier through the access helper (guardian object permissions of the
token's user, missing and forbidden both 404) and changes it only through the services.
"""

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from accreditation import content as dossier_content
from accreditation import schema, screening, selectors, services
from accreditation.access import access_dossier
from accreditation.api import errors
from accreditation.errors import DomainError
from accreditation.models import Dossier
from config.input_rules import as_id
from config.paging import KeysFirstPaginator

from . import openapi  # noqa: F401 (openapi registers the schema extensions)
from .authentication import ApiTokenAuthentication, HasApiToken
from .serializers import (
    DossierContentSerializer,
    DossierSerializer,
    DossierSummarySerializer,
    ErrorSerializer,
    NotSubmittableSerializer,
    ScreeningReportSerializer,
    SubmissionSerializer,
)

#: Requests per token: a burst limit and an hourly one. A provider with 200 courses creates,
#: screens and submits them all (600 requests) at full speed without being slowed down; a
#: runaway script is stopped within the minute.
DEFAULT_RATES = {"burst": "600/min", "sustained": "10000/hour"}


class TokenRateThrottle(SimpleRateThrottle):
    """Counts requests per API token; settings.PROVIDER_API_RATES may change the rates."""

    scope = "burst"

    def get_rate(self):
        rates = {**DEFAULT_RATES, **getattr(settings, "PROVIDER_API_RATES", {})}
        return rates[self.scope]

    def get_cache_key(self, request, view):
        token = request.auth
        if token is None:
            return None
        return self.cache_format % {"scope": f"provider_api_{self.scope}", "ident": token.pk}


class SustainedRateThrottle(TokenRateThrottle):
    scope = "sustained"


class Pages(PageNumberPagination):
    """Pages of dossiers: 50 a page, `page_size` up to 200; a page or size that is not a whole
    number of 1 or more is a 400 (DRF would silently use the default)."""

    page_size = 50
    max_page_size = 200

    def django_paginator_class(self, dossiers, page_size):
        """A page's keys through the token's access, then its rows by key."""
        rows = selectors.titled(Dossier.objects.select_related("organisation"))
        return KeysFirstPaginator(dossiers, page_size, rows=rows)

    page_size_query_param = "page_size"
    last_page_strings = ()  # the schema says a page is a number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

    def get_page_size(self, request):
        for name in (self.page_query_param, self.page_size_query_param):
            if any(not as_id(value) for value in request.query_params.getlist(name)):
                raise errors.InvalidQueryParameter(name, errors.WHOLE_NUMBER)
        return super().get_page_size(request)


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such dossier in your organisation.")
INVALID = OpenApiResponse(
    ErrorSerializer, description="The body departs from the schema: `errors` by JSON pointer."
)


class ProviderApiView(GenericAPIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasApiToken]
    throttle_classes = [TokenRateThrottle, SustainedRateThrottle]
    parser_classes = [JSONParser]
    serializer_class = DossierSerializer
    #: The query parameters the operation documents; any other is refused.
    query_parameters = ()

    def get_exception_handler(self):
        return errors.exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        errors.require_known_parameters(request, self.query_parameters)

    @property
    def token(self):
        return self.request.auth

    def get_queryset(self):
        """The dossiers the token's user may see, of the token's organisation only."""
        return selectors.provider_dossiers(self.request.user).filter(
            organisation_id=self.token.organisation_id
        )

    def dossier(self, perm="accreditation.view_dossier"):
        dossier = access_dossier(self.request.user, self.kwargs["pk"], perm)
        if dossier.organisation_id != self.token.organisation_id:
            raise Http404
        return dossier

    def dossier_response(self, dossier, http_status=status.HTTP_200_OK, **kwargs):
        data = DossierSerializer(dossier, context=self.get_serializer_context()).data
        return Response(data, status=http_status, **kwargs)


def split_body(body):
    """The body's content and provider reference, or the schema's problems.

    The reference is the provider's own code for the course: it is kept on the dossier,
    not in its content.
    """
    problems = schema.validate(body)
    if problems:
        return None, None, problems
    content = dict(body)
    reference = content.pop("provider_reference", None)
    return content, reference, []


class DossierListView(ProviderApiView):
    pagination_class = Pages
    query_parameters = (Pages.page_query_param, Pages.page_size_query_param)
    serializer_class = DossierSummarySerializer

    @extend_schema(
        summary="Your organisation's dossiers",
        responses={
            200: DossierSummarySerializer(many=True),
            404: OpenApiResponse(ErrorSerializer, description="There is no such page of the list."),
        },
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="Start a draft",
        description=(
            "The body is the dossier in the interchange format (`provider_reference` "
            "optional, unique in your organisation)."
        ),
        request=DossierContentSerializer,
        responses={
            201: DossierSerializer,
            400: INVALID,
            409: OpenApiResponse(ErrorSerializer, description="The reference is already used."),
        },
    )
    def post(self, request):
        content, reference, problems = split_body(request.data)
        if problems:
            return errors.invalid_content(problems)
        try:
            dossier = services.dossier_create(
                actor=request.user,
                organisation=self.token.organisation,
                content=content,
                provider_reference=reference or "",
            )
        except DomainError as error:
            return errors.refused(error, None)
        return self.dossier_response(
            dossier,
            status.HTTP_201_CREATED,
            headers={"Location": self.dossier_response_url(dossier)},
        )

    def dossier_response_url(self, dossier):
        return DossierSummarySerializer(context=self.get_serializer_context()).get_url(dossier)


class DossierDetailView(ProviderApiView):
    @extend_schema(summary="One dossier", responses={200: DossierSerializer, 404: NOT_FOUND})
    def get(self, request, pk):
        return self.dossier_response(self.dossier())

    @extend_schema(
        summary="Replace a draft's content",
        description=(
            "Only a draft (or a dossier returned for revision) can be changed; otherwise 409. "
            "Without `provider_reference` the dossier keeps its reference."
        ),
        request=DossierContentSerializer,
        responses={
            200: DossierSerializer,
            400: INVALID,
            404: NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="The dossier is not editable."),
        },
    )
    def put(self, request, pk):
        dossier = self.dossier("accreditation.change_dossier")
        content, reference, problems = split_body(request.data)
        if problems:
            return errors.invalid_content(problems)
        try:
            dossier = services.dossier_update(
                actor=request.user, dossier=dossier, content=content, provider_reference=reference
            )
        except DomainError as error:
            return errors.refused(error, dossier, editing=True)
        return self.dossier_response(dossier)


class DossierScreeningView(ProviderApiView):
    @extend_schema(
        summary="The intake screening of the working copy",
        responses={200: ScreeningReportSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        dossier = self.dossier()
        return Response(screening.screen(dossier_content.prune(dossier.content)))


class DossierSubmitView(ProviderApiView):
    @extend_schema(
        summary="Submit the dossier for accreditation",
        description=(
            "Freezes the working copy as the next version. Refused with 409 while the "
            "dossier is incomplete or fails the intake screening: the answer then holds "
            "the schema's problems (`errors`) and the screening report."
        ),
        request=None,
        responses={
            200: SubmissionSerializer,
            404: NOT_FOUND,
            409: OpenApiResponse(
                NotSubmittableSerializer, description="Not submittable, with every reason."
            ),
        },
    )
    def post(self, request, pk):
        dossier = self.dossier("accreditation.submit_dossier")
        try:
            version = services.dossier_submit(actor=request.user, dossier=dossier)
        except DomainError as error:
            return errors.refused(error, dossier)
        submission = {
            "id": dossier.pk,
            "state": version.dossier.state,
            "version": version.number,
            "submitted_at": version.submitted_at,
        }
        return Response(SubmissionSerializer(submission).data)


@extend_schema(exclude=True)
class SchemaView(SpectacularAPIView):
    """The OpenAPI document of this API (it does not list itself)."""
