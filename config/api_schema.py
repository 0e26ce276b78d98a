"""drf-spectacular hooks: what the OpenAPI document at /api/v1/schema/ covers and says."""

ERROR = {"$ref": "#/components/schemas/Error"}

#: Answers any operation may give besides its own, and why.
COMMON_RESPONSES = {
    "400": "A parameter or the body holds a control character (config/input_rules.py), or "
    "departs from this schema: `detail` in both languages, `errors` by JSON pointer.",
    "429": "Too many requests: `detail` says when to try again.",
}
UNAUTHENTICATED = (
    "No API key, or one that is unknown or revoked (send `Authorization: Bearer <key>`)."
)


def only_project_api(endpoints):
    """Preprocessing: document our /api/ only, not Wagtail's admin API under /cms-admin/
    (whose views would otherwise warn in `check --deploy`)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


def common_responses(result, generator, request, public):
    """Postprocessing: every operation documents the errors every operation can give (the door's
    400, the throttles' 429) and, when it needs a key, 401; each in the API's error shape."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            needs_key = any(requirement for requirement in operation.get("security", []))
            extra = {**COMMON_RESPONSES, **({"401": UNAUTHENTICATED} if needs_key else {})}
            for status, description in extra.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR}},
                    },
                )
    return result
