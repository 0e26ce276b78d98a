"""The public read API of the catalogue: `/api/v1/credentials/`.

The same question as the catalogue page (`cms.facets.CatalogueQuery`: `q` and every filter,
the status, the sort and the page, with the same names and meanings), answered as JSON for
registries, employers' systems and learners' apps. Open to anyone: no authentication, CORS
open for reads, throttled per client address.
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accreditation.api import errors as api_errors
from accreditation.content import decimal_or_none
from config.input_rules import as_id

from .facet_fields import languages_of
from .facets import CatalogueQuery
from .models import CatalogueIndexPage, CatalogueItemPage

PER_PAGE = 50
#: Requests per client address: a harvester reading the whole catalogue page by page keeps
#: going; a flood is slowed down. settings.CATALOGUE_API_RATE may change it.
DEFAULT_RATE = "300/min"


class PublicReadThrottle(AnonRateThrottle):
    scope = "catalogue_read"

    def get_rate(self):
        return getattr(settings, "CATALOGUE_API_RATE", DEFAULT_RATE)


class CredentialSerializer(serializers.Serializer):
    """One certified (or formerly certified) micro-credential, as the catalogue shows it."""

    id = serializers.UUIDField(source="credential_id")
    title = serializers.CharField()
    summary = serializers.CharField(source="search_description")
    status = serializers.CharField()
    status_since = serializers.DateField(allow_null=True)
    provider = serializers.SerializerMethodField()
    field_of_study = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    hours = serializers.DecimalField(source="total_hours", max_digits=7, decimal_places=1)
    delivery_mode = serializers.CharField()
    languages = serializers.SerializerMethodField()
    stand_alone = serializers.BooleanField()
    fee = serializers.SerializerMethodField()
    accredited_on = serializers.DateField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    url = serializers.SerializerMethodField()
    registry_url = serializers.SerializerMethodField()

    def get_provider(self, page) -> dict:
        return {"name": page.provider_name, "id": page.provider_slug, "type": page.provider_kind}

    def get_field_of_study(self, page) -> dict:
        return {"code": page.field_of_study_code, "name": page.field_of_study}

    def get_level(self, page) -> dict | None:
        if not page.level_framework or page.level is None:
            return None
        return {"framework": page.level_framework, "value": float(page.level)}

    def get_languages(self, page) -> list[str]:
        return languages_of(page.languages)

    def get_fee(self, page) -> dict | None:
        if page.fee_amount is None:
            return None
        return {"amount": str(page.fee_amount.normalize()), "currency": page.fee_currency}

    # Item links are the register's canonical URLs (SITE_URL, as in its JSON-LD and feeds),
    # whichever host the API was called on.
    def get_url(self, page) -> str:
        return f"{settings.SITE_URL}{self.context['url'](page)}"

    def get_registry_url(self, page) -> str:
        # The registry's public address of the item's OB 3.0 Achievement, by its URL's name.
        path = reverse(
            "registry:document",
            kwargs={"credential_id": page.credential_id, "kind": "ob3-achievement"},
        )
        return f"{settings.SITE_URL}{path}"


def _parameters():
    def many(name, description):
        return OpenApiParameter(name, OpenApiTypes.STR, many=True, description=description)

    def one(name, description, kind=OpenApiTypes.STR):
        return OpenApiParameter(name, kind, description=description)

    return [
        one("language", "Catalogue language: `ja` (default) or `en`; names and titles follow it."),
        one(
            "q",
            "Full-text search in Japanese (two characters or more match inside words) "
            "or English (word forms), over titles, summaries, outcomes and topics.",
        ),
        many("field", "Field of study code (repeat for several: any of them)."),
        many("level", "Framework and level, e.g. `JEQF:5`, `NSQF:4.5`."),
        many("eqf", "EQF equivalent level 1–8, through the register's crosswalk."),
        many("hours", "Learning hours band: `under-30`, `30-60`, `60-120`, `120-240`, `240-plus`."),
        one("credits_system", "Credit system code for `credits_min`/`credits_max` (JP, ECTS…)."),
        one("credits_min", "Least credits in `credits_system`.", OpenApiTypes.NUMBER),
        one("credits_max", "Most credits in `credits_system`.", OpenApiTypes.NUMBER),
        many("mode", "Delivery mode: `online`, `onsite`, `blended`, `work_based`."),
        many("lang", "Language of instruction (ISO 639-1)."),
        many("provider", "Provider identifier."),
        many("provider_type", "Provider type, e.g. `national_university`, `company`."),
        one("stackable", "`stand_alone` or `stackable`."),
        many("fee", "Fee band: `free`, `jpy-under-10000`, …, `other-currency`."),
        one("status", "`active` (default), `suspended`, `expired`, `revoked` or `all`."),
        one(
            "sort",
            "`relevance` (default with `q`), `title`, `newest`, `hours_asc`, "
            "`hours_desc`, `valid_until`.",
        ),
        OpenApiParameter(
            "page", {"type": "integer", "minimum": 1}, description="Page number (50 items a page)."
        ),
    ]


class CredentialListView(GenericAPIView):
    """The catalogue's certified micro-credentials, filtered, searched, sorted and paged."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicReadThrottle]
    serializer_class = CredentialSerializer

    def get_queryset(self):
        language = self.request.query_params.get("language", "ja")
        index = CatalogueIndexPage.objects.filter(locale__language_code=language).first()
        if index is None:
            return CatalogueItemPage.objects.none()
        return CatalogueItemPage.objects.child_of(index).live().defer("content")

    @extend_schema(
        parameters=_parameters(),
        responses=inline_serializer(
            "CredentialPage",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": CredentialSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        api_errors.require_known_parameters(request, [p.name for p in _parameters()])
        _require_typed_parameters(request.query_params)
        query = CatalogueQuery.parse(request.query_params)
        page = query.page_of(self.get_queryset(), PER_PAGE)
        url_parts = {}  # one query for every page's URL: the items' parent is known
        serializer = self.get_serializer(
            page.object_list,
            many=True,
            context={"request": request, "url": lambda item: _item_url(item, url_parts)},
        )
        return Response(
            {
                "count": page.paginator.count,
                "next": self._link(query, page.next_page_number()) if page.has_next() else None,
                "previous": (
                    self._link(query, page.previous_page_number()) if page.has_previous() else None
                ),
                "results": serializer.data,
            }
        )

    def _link(self, query, number):
        language = self.request.query_params.get("language")
        suffix = query.url(page=number)[1:]
        if language:
            suffix = f"language={language}&{suffix}" if suffix else f"language={language}"
        return self.request.build_absolute_uri(f"{self.request.path}?{suffix}")

    def get_exception_handler(self):
        return api_errors.exception_handler  # the API's error shape, in both languages

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Reads only, no credentials: any site may call it from a browser.
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response


def _require_typed_parameters(params):
    """The parameters the schema types are of their type, or a 400 says which is not. The
    catalogue page forgives a bad value (it shows the defaults); a program is told."""
    for value in params.getlist("page"):
        if not as_id(value):
            raise api_errors.InvalidQueryParameter("page", api_errors.WHOLE_NUMBER)
    for name in ("credits_min", "credits_max"):
        for value in params.getlist(name):
            if decimal_or_none(value) is None:
                raise api_errors.InvalidQueryParameter(name, api_errors.NUMBER)


def _item_url(page, cache):
    """The item's public path from its tree path, without a query per item: the catalogue
    index's own URL is looked up once and the item's slug appended."""
    parent_path = page.path[: -page.steplen]
    if parent_path not in cache:
        cache[parent_path] = CatalogueIndexPage.objects.get(path=parent_path).url
    return f"{cache[parent_path]}{page.slug}/"
