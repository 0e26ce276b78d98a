"""What the registry's landing page shows, read with a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from . import documents, dumps, keys
from .models import RegistryDocument, StatusList


@dataclass(frozen=True)
class StatusListSummary:
    purpose: str
    label: str
    valid_until: datetime | None


@dataclass(frozen=True)
class RegistryOverview:
    #: Items with registry documents (every item ever certified, whatever its status now).
    items: int
    #: The most recently published item, whose links the page gives as examples; None if none.
    example: object
    status_lists: list
    #: The last full dump's manifest (see registry_export.dumps), None before the first one.
    manifest: dict | None
    dump_generated_at: datetime | None
    did: str


def _instant(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def registry_overview() -> RegistryOverview:
    """The figures and example of the landing page: three queries and one file read."""
    achievements = RegistryDocument.objects.filter(kind=documents.ACHIEVEMENT)
    example = achievements.order_by("-updated_at", "-pk").values_list("credential_id", flat=True)
    signed = dict(StatusList.objects.values_list("purpose", "document__validUntil"))
    manifest = dumps.read_manifest()
    return RegistryOverview(
        items=achievements.count(),
        example=example.first(),
        status_lists=[
            StatusListSummary(purpose, label, _instant(signed.get(purpose)))
            for purpose, label in StatusList.Purpose.choices
            if purpose in signed
        ],
        manifest=manifest,
        dump_generated_at=_instant(manifest["generated_at"]) if manifest else None,
        did=keys.site_did(),
    )
