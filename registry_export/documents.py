"""The registry's JSON-LD documents, built from a published item (DESIGN §4 crosswalk).

Documents describe the micro-credential as the public may know it: the approved version and
its provider. They take a `PublishedItem`, which carries no reviewer data.
"""

from django.conf import settings
from django.urls import reverse

from accreditation import content as dossier_content

from .jsonld import OB_V3P0, VC_V2

ACHIEVEMENT = "ob3-achievement"


def item_url(credential_id, document=ACHIEVEMENT):
    path = reverse("registry:document", kwargs={"credential_id": credential_id, "kind": document})
    return f"{settings.SITE_URL}{path}"


def _criteria_narrative(content):
    purpose = dossier_content.text((content.get("purpose") or {}).get("aim"), "ja")
    assessment = content.get("assessment") or {}
    pass_criteria = dossier_content.text(assessment.get("pass_criteria"), "ja")
    return "\n\n".join(part for part in (purpose, pass_criteria) if part)


def _skill_alignments(content):
    return [
        {
            "type": ["Alignment"],
            "targetName": dossier_content.text(outcome.get("statement"), "ja"),
            "targetUrl": outcome["skill_uri"],
            "targetType": "ceasn:Competency",
        }
        for outcome in content.get("learning_outcomes") or []
        if outcome.get("skill_uri")
    ]


def achievement(item):
    """Open Badges 3.0 `Achievement` of type MicroCredential, in Japanese (the register's
    primary language)."""
    content = item.content
    organisation = item.organisation
    document = {
        "@context": [VC_V2, OB_V3P0],
        "id": item_url(item.credential_id),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": dossier_content.text(content.get("title"), "ja"),
        "description": dossier_content.text(content.get("summary"), "ja"),
        "criteria": {"narrative": _criteria_narrative(content)},
        "creator": {
            "id": f"urn:uuid:{organisation.public_id}",
            "type": ["Profile"],
            "name": organisation.name_ja,
        },
        "inLanguage": "ja",
        "version": str(item.version_number),
    }
    if organisation.website:
        document["creator"]["url"] = organisation.website
    if item.field_of_study is not None:
        document["fieldOfStudy"] = item.field_of_study.name_ja
    topics = [
        dossier_content.text(t, "ja") for t in (content.get("content") or {}).get("topics", [])
    ]
    if topics:
        document["tag"] = topics
    alignments = _skill_alignments(content)
    if alignments:
        document["alignment"] = alignments
    return document
