"""The item as a CTDL `ceterms:MicroCredential` (Credential Engine), DESIGN §4 crosswalk.

Every class and property used here is defined in the CTDL schema (a test checks them against
`tests/standards/vocab/ctdl-schema.json`, domains included).
"""

import uuid

from django.conf import settings
from django.utils.translation import override

from accreditation import content as dossier_content
from accreditation.content import ACCREDITATION_BODY_NAME, iso_duration_hours
from accreditation.crosswalk import Crosswalk, level_of
from accreditation.models import CreditSystem, DossierState

from .documents import (
    CTDL,
    catalogue_url,
    item_url,
    language_map,
    organisation_names,
)
from .jsonld import CTDL as CTDL_CONTEXT

#: Namespace of the items' CTIDs. Fixed for ever: changing it would change every CTID.
CTID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://purl.org/ctdl/terms/ctid")

#: EQF level -> CTDL audience level (the nearest degree level for the EQF's higher levels).
AUDIENCE_LEVEL_BY_EQF = {
    1: "audLevel:Primary",
    2: "audLevel:LowerSecondary",
    3: "audLevel:UpperSecondary",
    4: "audLevel:PostSecondaryLevel",
    5: "audLevel:AssociatesDegreeLevel",
    6: "audLevel:BachelorsDegreeLevel",
    7: "audLevel:MastersDegreeLevel",
    8: "audLevel:DoctoralDegreeLevel",
}

DELIVERY_TYPE = {
    "online": ["deliveryType:OnlineOnly"],
    "onsite": ["deliveryType:InPerson"],
    "blended": ["deliveryType:BlendedDelivery"],
    "work_based": ["deliveryType:InPerson"],
}

STATUS_TYPE = {
    DossierState.ACCREDITED: "credentialStat:Active",
    DossierState.SUSPENDED: "credentialStat:Suspended",
}


def ctid(credential_id):
    """`ce-` + a UUID derived from the credential id: the same for every version and renewal
    of an item, different between items."""
    return f"ce-{uuid.uuid5(CTID_NAMESPACE, str(credential_id))}"


def accreditor():
    """The register as a quality-assurance organisation."""
    names = {}
    for language in dossier_content.TEXT_LANGUAGES:
        with override(language):
            names[language] = str(ACCREDITATION_BODY_NAME)
    return {
        "@id": f"{settings.SITE_URL}/",
        "@type": "ceterms:QACredentialOrganization",
        "ceterms:name": names,
        "ceterms:subjectWebpage": f"{settings.SITE_URL}/",
        "ceterms:agentType": ["orgType:QualityAssurance"],
    }


def _provider(organisation):
    provider = {
        "@id": f"urn:uuid:{organisation.public_id}",
        "@type": "ceterms:CredentialOrganization",
        "ceterms:name": organisation_names(organisation),
    }
    if organisation.website:
        provider["ceterms:subjectWebpage"] = organisation.website
    return provider


def _competencies(content):
    alignments = []
    for outcome in content.get("learning_outcomes") or []:
        alignment = {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:targetNodeName": language_map(outcome.get("statement")),
        }
        if outcome.get("skill_uri"):
            alignment["ceterms:targetNode"] = outcome["skill_uri"]
        alignments.append(alignment)
    return alignments


def _credit_conditions(content):
    """One condition profile per credit claim: the credits a learner earns on completion."""
    claims = (content.get("learning_hours") or {}).get("credits_claimed") or []
    if not claims:
        return []
    systems = {
        s.code: s for s in CreditSystem.objects.filter(code__in=[c["system"] for c in claims])
    }
    conditions = []
    for claim in claims:
        system = systems.get(claim["system"])
        names = {"ja": system.name_ja, "en": system.name_en} if system else {"en": claim["system"]}
        conditions.append(
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:name": names,
                "ceterms:creditUnitTypeDescription": names,
                "ceterms:creditValue": [
                    {
                        "@type": "ceterms:ValueProfile",
                        "schema:value": float(claim["value"]),
                        "ceterms:creditUnitType": ["creditUnit:DegreeCredit"],
                    }
                ],
            }
        )
    return conditions


def micro_credential(item):
    """CTDL `ceterms:MicroCredential` of a published item."""
    content = item.content
    provider = _provider(item.organisation)
    document = {
        "@context": CTDL_CONTEXT,
        "@id": item_url(item.credential_id, CTDL),
        "@type": "ceterms:MicroCredential",
        "ceterms:ctid": ctid(item.credential_id),
        "ceterms:name": language_map(content.get("title")),
        "ceterms:description": language_map(content.get("summary")),
        "ceterms:subjectWebpage": catalogue_url(item.credential_id),
        "ceterms:ownedBy": [provider],
        "ceterms:offeredBy": [provider],
        "ceterms:accreditedBy": [accreditor()],
        "ceterms:estimatedDuration": [
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:exactDuration": iso_duration_hours(dossier_content.total_hours(content)),
            }
        ],
        "ceterms:dateEffective": item.valid_from.isoformat(),
        "ceterms:expirationDate": item.valid_until.isoformat(),
        "ceterms:credentialStatusType": STATUS_TYPE.get(item.state, "credentialStat:Deprecated"),
    }
    course = content.get("content") or {}
    if course.get("languages"):
        document["ceterms:inLanguage"] = list(course["languages"])
    if course.get("delivery_mode") in DELIVERY_TYPE:
        document["ceterms:learningDeliveryType"] = DELIVERY_TYPE[course["delivery_mode"]]
    keywords = {}
    for topic in course.get("topics") or []:
        for language, text in language_map(topic).items():
            keywords.setdefault(language, []).append(text)
    if keywords:
        document["ceterms:keyword"] = keywords
    eqf = Crosswalk.load().eqf_level(*level_of(content))
    if eqf in AUDIENCE_LEVEL_BY_EQF:
        document["ceterms:audienceLevelType"] = [AUDIENCE_LEVEL_BY_EQF[eqf]]
    requires = _credit_conditions(content)
    competencies = _competencies(content)
    if competencies:
        requires.append(
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:targetCompetency": competencies,
            }
        )
    if requires:
        document["ceterms:requires"] = requires
    return document
