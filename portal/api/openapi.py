"""The dossier content's schema in the OpenAPI document, from the one interchange schema.

`schemas/dossier.schema.json` is JSON Schema 2020-12; the OpenAPI document (3.0) wants its
`$defs` inlined and a numeric `exclusiveMinimum` written as `minimum` + `exclusiveMinimum: true`.
"""

import copy
from functools import cache

from drf_spectacular.extensions import (
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)

from accreditation import schema
from accreditation.content import Language

_DROPPED = {"$schema", "$id", "$defs"}


def _to_openapi(node, defs):
    if isinstance(node, list):
        return [_to_openapi(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        return _to_openapi(copy.deepcopy(defs[name]), defs)
    converted = {}
    for key, value in node.items():
        if key in _DROPPED:
            continue
        if key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
            converted["minimum" if key == "exclusiveMinimum" else "maximum"] = value
            converted[key] = True
        elif key == "properties":
            converted[key] = {name: _to_openapi(sub, defs) for name, sub in value.items()}
        else:
            converted[key] = _to_openapi(value, defs)
    return converted


@cache
def content_schema():
    source = schema.schema()
    converted = _to_openapi(source, source.get("$defs", {}))
    # The interchange format takes any two-letter code; the register names, and so accepts,
    # the languages of its one list (accreditation/schema.py, `_unlisted_languages`).
    languages = converted["properties"]["content"]["properties"]["languages"]["items"]
    languages["enum"] = list(Language.values)
    return converted


class DossierContentExtension(OpenApiSerializerExtension):
    """`DossierContentSerializer` is documented as the interchange schema, one component."""

    target_class = "portal.api.serializers.DossierContentSerializer"

    def get_name(self, auto_schema, direction):
        return "DossierContent"

    def map_serializer(self, auto_schema, direction):
        return copy.deepcopy(content_schema())


class DossierContentFieldExtension(OpenApiSerializerFieldExtension):
    """A dossier's `content` field refers to the same component."""

    target_class = "portal.api.serializers.DossierContentField"

    def map_serializer_field(self, auto_schema, direction):
        from .serializers import DossierContentSerializer

        return auto_schema.resolve_serializer(DossierContentSerializer, direction).ref
