"""schema.org `EducationalOccupationalCredential` JSON-LD: the registry's document of an item
and the block in the head of its catalogue pages, built alike from its public facts.

Search engines and aggregators read an item page's credential from this block: what it is,
who provides it, at what level, how big, and who recognises it. Only properties defined on
the type or on its parent `CreativeWork` are used (schema.org: competencyRequired,
credentialCategory, educationalLevel, recognizedBy, validFor; CreativeWork: provider,
teaches, timeRequired, inLanguage, datePublished, expires, creativeWorkStatus, keywords).

The facts are `accreditation.selectors.public_facts` of the published item, or the same keys
from a catalogue page (`CatalogueItemPage.public_facts`), which stores them.
"""

import json

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import override

from accreditation import content as dossier_content
from accreditation.content import ACCREDITATION_BODY_NAME, iso_duration_hours
from accreditation.models import PublicStatus

CREDENTIAL_CATEGORY = "Micro-credential"

# Inside <script>, "</script>" or "<!--" in a title would end or derail the block: JSON's
# \u escapes keep the same string for parsers but leave no markup characters.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _organization(name, url=None):
    organisation = {"@type": "Organization", "name": str(name)}
    if url:
        organisation["url"] = url
    return organisation


def _level(level):
    framework, value = level.get("framework"), level.get("value")
    if not framework or value is None:
        return None
    code = f"{value:g}" if isinstance(value, float) else str(value)
    return {
        "@type": "DefinedTerm",
        "name": f"{framework} {code}",
        "termCode": code,
        "inDefinedTermSet": framework,
    }


def _competencies(content, language):
    """Each learning outcome as a DefinedTerm, linked to its skill (ESCO...) when known."""
    terms = []
    for outcome in content.get("learning_outcomes") or []:
        term = {
            "@type": "DefinedTerm",
            "name": dossier_content.text(outcome.get("statement"), language),
        }
        if outcome.get("skill_uri"):
            term["url"] = outcome["skill_uri"]
        terms.append(term)
    return terms


def credential(facts, *, language, url):
    """The credential as a JSON-LD dict in `language`, at `url` (its catalogue address)."""
    content = facts["content"] or {}
    competencies = _competencies(content, language)
    topics = [
        dossier_content.text(topic, language)
        for topic in (content.get("content") or {}).get("topics", [])
    ]
    with override(language):
        status = str(PublicStatus(facts["status"]).label)
        body = _organization(ACCREDITATION_BODY_NAME, f"{settings.SITE_URL}/{language}/")
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": url,
        "name": facts["title"],
        "description": dossier_content.text(content.get("summary"), language),
        "url": url,
        "inLanguage": language,
        "credentialCategory": CREDENTIAL_CATEGORY,
        "provider": _organization(facts["provider_name"]),
        "recognizedBy": body,
        "timeRequired": iso_duration_hours(facts["total_hours"]),
        "competencyRequired": competencies,
        "teaches": [term["name"] for term in competencies],
        "datePublished": facts["accredited_on"].isoformat(),
        "expires": facts["valid_until"].isoformat(),
        "creativeWorkStatus": status,
    }
    level = _level(content.get("level") or {})
    if level:
        data["educationalLevel"] = level
    if facts["field_of_study"]:
        data["about"] = facts["field_of_study"]
    if topics:
        data["keywords"] = ", ".join(topics)
    if content.get("credential_validity_years"):
        data["validFor"] = f"P{int(content['credential_validity_years'])}Y"
    return data


def jsonld_script(data):
    """`data` in a <script type="application/ld+json"> element that no value can break out of."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{encoded}</script>')
