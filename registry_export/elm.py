"""The item as an ELM `LearningAchievementSpecification` (European Learning Model, EDC
application profile), DESIGN §4 crosswalk.

The document conforms to the official ELM SHACL shapes (LOQ constraints and the EDC
controlled-vocabulary constraints; a test runs pyshacl on it). Those shapes are closed, so
the EQF level is the specification's `educationLevel` (a concept of the EQF scheme) and the
accreditation's `limitEQFLevel`: `EQFLevel`/`NQFLevel` are properties of a `Qualification`,
not of a learning achievement specification. The accreditation hangs, as ELM models it, on
the awarding body (`Organisation.accreditation`), and names the register as its accrediting
agent.
"""

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from accreditation import content as dossier_content
from accreditation import countries
from accreditation.content import ACCREDITATION_BODY_NAME, iso_duration_hours
from accreditation.crosswalk import Crosswalk, level_of

from .documents import (
    ELM,
    catalogue_url,
    item_url,
    language_map,
    organisation_names,
)
from .jsonld import ELM_EDC_AP

EQF_SCHEME = "http://data.europa.eu/snb/eqf/25831c2"
ISCED_F_SCHEME = "http://data.europa.eu/snb/isced-f/25831c2"
ACCREDITATION_SCHEME = "http://data.europa.eu/snb/accreditation/25831c2"
#: EU accreditation type "programme quality assurance": what the register certifies.
PROGRAMME_QUALITY = "http://data.europa.eu/snb/accreditation/820101cba6"
CREDIT_SCHEME = "http://data.europa.eu/snb/education-credit/25831c2"
ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
LANGUAGE_SCHEME = "http://publications.europa.eu/resource/authority/language"
COUNTRY_SCHEME = "http://publications.europa.eu/resource/authority/country"
ESCO_SKILLS_SCHEME = "http://data.europa.eu/esco/concept-scheme/skills"
ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"

#: ISO 639-1 -> the EU language authority table's code (ISO 639-2).
LANGUAGE_CODES = {
    "ar": "ARA", "de": "DEU", "en": "ENG", "es": "SPA", "fr": "FRA", "hi": "HIN",
    "id": "IND", "it": "ITA", "ja": "JPN", "ko": "KOR", "mn": "MON", "ms": "MSA",
    "ne": "NEP", "pt": "POR", "ru": "RUS", "th": "THA", "tl": "TGL", "vi": "VIE",
    "zh": "ZHO",
}  # fmt: skip

#: ISO 3166-1 alpha-2 -> the EU country authority table's code (alpha-3).
COUNTRY_CODES = countries.ALPHA3

ACCREDITATION_TITLE = _("Accreditation: %(title)s")


def _concept(iri, scheme, labels=None):
    concept = {
        "@id": iri,
        "@type": "Concept",
        "inScheme": {"@id": scheme, "@type": "ConceptScheme"},
    }
    if labels:
        concept["prefLabel"] = labels
    return concept


def _web_resource(url):
    return {"@type": "WebResource", "contentURL": url}


def _location(country):
    code = COUNTRY_CODES.get((country or "").upper())
    if code is None:
        return []
    address = {
        "@type": "Address",
        "countryCode": _concept(f"{COUNTRY_SCHEME}/{code}", COUNTRY_SCHEME),
    }
    return [{"@type": "Location", "address": [address]}]


def _in_languages(label):
    names = {}
    for language in dossier_content.TEXT_LANGUAGES:
        with override(language):
            names[language] = str(label)
    return names


def accrediting_agent():
    agent = {
        "@id": f"{settings.SITE_URL}/",
        "@type": "Organisation",
        "legalName": _in_languages(ACCREDITATION_BODY_NAME),
        "homepage": [_web_resource(f"{settings.SITE_URL}/")],
        "location": _location("JP"),
    }
    return agent


def _end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59))).isoformat()


def _accreditation_title(language, title):
    with override(language):
        return str(ACCREDITATION_TITLE) % {"title": title}


def _accreditation(item, eqf_concept):
    title = language_map(item.content.get("title"))
    accreditation = {
        "@id": f"{item_url(item.credential_id, ELM)}#accreditation",
        "@type": "Accreditation",
        "dcType": _concept(PROGRAMME_QUALITY, ACCREDITATION_SCHEME),
        "title": {
            language: _accreditation_title(language, text) for language, text in title.items()
        },
        "organisation": {"@id": f"urn:uuid:{item.organisation.public_id}"},
        "accreditingAgent": accrediting_agent(),
        "dateIssued": item.decided_at.replace(microsecond=0).isoformat(),
        "expiryDate": _end_of_day(item.valid_until),
        "landingPage": [_web_resource(catalogue_url(item.credential_id))],
    }
    if eqf_concept:
        accreditation["limitEQFLevel"] = [eqf_concept]
    return accreditation


def _awarding_body(item, eqf_concept):
    organisation = item.organisation
    body = {
        "@id": f"urn:uuid:{organisation.public_id}",
        "@type": "Organisation",
        "legalName": organisation_names(organisation),
        "location": _location(organisation.country),
        "accreditation": [_accreditation(item, eqf_concept)],
    }
    if organisation.website:
        body["homepage"] = [_web_resource(organisation.website)]
    return body


def _learning_outcomes(content):
    outcomes = []
    for outcome in content.get("learning_outcomes") or []:
        entry = {"@type": "LearningOutcome", "title": language_map(outcome.get("statement"))}
        skill = outcome.get("skill_uri") or ""
        if skill.startswith(ESCO_SKILL_PREFIX):
            entry["relatedESCOSkill"] = [_concept(skill, ESCO_SKILLS_SCHEME)]
        outcomes.append(entry)
    return outcomes


def _credit_points(content):
    """ECTS claims as ELM credit points; other systems have no concept in the EU scheme."""
    claims = (content.get("learning_hours") or {}).get("credits_claimed") or []
    return [
        {
            "@type": "CreditPoint",
            "framework": _concept(ECTS, CREDIT_SCHEME, {"en": "European Credit Transfer System"}),
            "point": f"{claim['value']:g}"
            if isinstance(claim["value"], float)
            else str(claim["value"]),
        }
        for claim in claims
        if claim.get("system") == "ECTS"
    ]


def learning_achievement_specification(item):
    """ELM `LearningAchievementSpecification` of a published item."""
    content = item.content
    document_id = item_url(item.credential_id, ELM)
    eqf = Crosswalk.load().eqf_level(*level_of(content))
    eqf_concept = (
        _concept(f"http://data.europa.eu/snb/eqf/{eqf}", EQF_SCHEME) if eqf is not None else None
    )
    document = {
        "@context": ELM_EDC_AP,
        "@id": document_id,
        "@type": "LearningAchievementSpecification",
        "identifier": [
            {
                "@type": "Identifier",
                "notation": str(item.credential_id),
                "schemeName": "urn:uuid",
            }
        ],
        "title": language_map(content.get("title")),
        "description": language_map(content.get("summary")),
        "volumeOfLearning": iso_duration_hours(dossier_content.total_hours(content)),
        "learningOutcome": _learning_outcomes(content),
        "homepage": [_web_resource(catalogue_url(item.credential_id))],
        "awardingOpportunity": [
            {
                "@type": "AwardingOpportunity",
                "awardingBody": [_awarding_body(item, eqf_concept)],
                "learningAchievementSpecification": {"@id": document_id},
            }
        ],
    }
    summary = language_map((content.get("purpose") or {}).get("aim"))
    if summary:
        document["learningOutcomeSummary"] = {"@type": "Note", "noteLiteral": summary}
    languages = [
        _concept(f"{LANGUAGE_SCHEME}/{LANGUAGE_CODES[code]}", LANGUAGE_SCHEME)
        for code in (content.get("content") or {}).get("languages") or []
        if code in LANGUAGE_CODES
    ]
    if languages:
        document["language"] = languages
    field = item.field_of_study
    if field is not None and field.isced_f:
        document["thematicArea"] = [
            _concept(f"http://data.europa.eu/snb/isced-f/{field.isced_f}", ISCED_F_SCHEME)
        ]
    if eqf_concept:
        document["educationLevel"] = [eqf_concept]
    credits = _credit_points(content)
    if credits:
        document["creditPoint"] = credits
    return document
