"""The registry's JSON-LD documents, built from a published item (DESIGN §4 crosswalk).

Documents describe the micro-credential as the public may know it: the approved version and
its provider. They take a `PublishedItem`, which carries no reviewer data.
"""

from django.conf import settings
from django.urls import reverse

from accreditation import content as dossier_content
from accreditation.selectors import public_facts

from .jsonld import OB_V3P0, VC_V2
from .models import Endorsement
from .schema_org import credential

ACHIEVEMENT = "ob3-achievement"
ENDORSEMENT = "ob3-endorsement"
CTDL = "ctdl"
ELM = "elm"
SCHEMA_ORG = "schema-org"
SCHEMA_ORG_VOCAB = "https://schema.org/"


def item_url(credential_id, document=ACHIEVEMENT):
    path = reverse("registry:document", kwargs={"credential_id": credential_id, "kind": document})
    return f"{settings.SITE_URL}{path}"


def catalogue_url(credential_id):
    """The item's stable catalogue link: it redirects to the page in the reader's language."""
    return f"{settings.SITE_URL}{reverse('catalogue_item', args=[credential_id])}"


def language_map(value):
    """A bilingual `{"ja", "en"}` text as a JSON-LD language map, empty texts left out."""
    if isinstance(value, str):
        value = {"ja": value}
    value = value or {}
    return {
        lang: value[lang].strip()
        for lang in dossier_content.TEXT_LANGUAGES
        if (value.get(lang) or "").strip()
    }


def organisation_names(organisation):
    return {"ja": organisation.name_ja, "en": organisation.name_en}


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
    endorsement = signed_endorsement(item)
    if endorsement is not None:
        document["endorsement"] = [endorsement]
    return document


def signed_endorsement(item):
    """The signed record of the item's current approval (registry_export.endorsements), or
    None until it is signed."""
    return (
        Endorsement.objects.filter(dossier_id=item.dossier_id)
        .values_list("document", flat=True)
        .first()
    )


def schema_org_credential(item):
    """schema.org `EducationalOccupationalCredential`: what the item page's JSON-LD block
    says (registry_export.schema_org), in Japanese, under an inline context (`@vocab`
    schema.org) so it expands with no network."""
    document = credential(
        public_facts(item, "ja"), language="ja", url=catalogue_url(item.credential_id)
    )
    document["@context"] = {"@vocab": SCHEMA_ORG_VOCAB}
    return document
