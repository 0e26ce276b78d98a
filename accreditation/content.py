"""The dossier's content: the interchange format of `accreditation/schemas/dossier.schema.json`.

A dossier's working copy and each frozen version hold one JSON object in that shape. This module
names its vocabularies (with translated labels), reads its bilingual texts and says what a
submission still lacks. It has no database access.
"""

from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class StandardField(models.TextChoices):
    """The six fields every reviewer scores (DESIGN §2), keyed like the schema's properties."""

    PURPOSE = "purpose", _("Purpose")
    LEARNING_HOURS = "learning_hours", _("Learning hours and credits")
    CONTENT = "content", _("Content and method")
    LEVEL = "level", _("Level")
    ASSESSMENT = "assessment", _("Assessment transparency")
    LEARNING_OUTCOMES = "learning_outcomes", _("Learning outcomes")


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ONSITE = "onsite", _("On site")
    BLENDED = "blended", _("Blended")
    WORK_BASED = "work_based", _("Work-based")


class AwardedOn(models.TextChoices):
    ASSESSMENT = "assessment", _("Passing an assessment")
    PARTICIPATION = "participation", _("Participation only")


class AssessmentMethod(models.TextChoices):
    EXAM = "exam", _("Examination")
    ONLINE_QUIZ = "online_quiz", _("Online quiz")
    PROJECT = "project", _("Project")
    PORTFOLIO = "portfolio", _("Portfolio")
    PRACTICAL = "practical", _("Practical")
    PRESENTATION = "presentation", _("Presentation")
    ORAL = "oral", _("Oral examination")
    OTHER = "other", _("Other")


class GradingScheme(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass / fail")
    GRADED = "graded", _("Graded")


class Supervision(models.TextChoices):
    UNSUPERVISED_NO_ID = "unsupervised_no_id", _("Unsupervised, no identity check")
    SUPERVISED_NO_ID = "supervised_no_id", _("Supervised, no identity check")
    SUPERVISED_ONLINE_ID = "supervised_online_id", _("Supervised online with identity check")
    SUPERVISED_ONSITE_ID = "supervised_onsite_id", _("Supervised on site with identity check")


class OutcomeType(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge")
    SKILL = "skill", _("Skill")
    COMPETENCE = "competence", _("Competence")


class DesignPattern(models.TextChoices):
    MODULARISED_DEGREE = "modularised_degree", _("Modularised from a degree programme")
    DEGREE_PLUS_INDUSTRY = "degree_plus_industry", _("Degree with an industry certificate")
    STANDALONE = "standalone", _("Independent of any degree programme")


class Language(models.TextChoices):
    """The languages a course is taught in and a reviewer reviews in (ISO 639-1 codes), each
    named in the page's language. The one list: the dossier form offers it, the dossier pages
    and the catalogue's language facet name its codes, validation (API, import, submission)
    refuses any other code, and reviewers are accredited for the same codes."""

    JA = "ja", _("Japanese")
    EN = "en", _("English")
    ZH = "zh", _("Chinese")
    KO = "ko", _("Korean")
    VI = "vi", _("Vietnamese")
    ID = "id", _("Indonesian")
    MS = "ms", _("Malay")
    TH = "th", _("Thai")
    FR = "fr", _("French")
    DE = "de", _("German")
    ES = "es", _("Spanish")
    PT = "pt", _("Portuguese")


def language_name(code):
    """A language's name in the active language; the code itself if the list does not know it
    (content stored before the list was closed)."""
    try:
        return str(Language(code).label)
    except ValueError:
        return str(code)


def empty_content():
    """A new draft: the schema's required objects, empty, so forms and templates can read it."""
    return {
        "title": {"ja": "", "en": ""},
        "summary": {"ja": "", "en": ""},
        "purpose": {"aim": {"ja": "", "en": ""}, "target_learners": {"ja": "", "en": ""}},
        "learning_hours": {"contact": 0, "self_study": 0, "assessment": 0, "credits_claimed": []},
        "content": {"topics": [], "delivery_mode": "", "languages": ["ja"]},
        "level": {"framework": "JEQF", "value": None},
        "assessment": {
            "awarded_on": "assessment",
            "methods": [],
            "pass_criteria": {"ja": "", "en": ""},
            "grading_scheme": "pass_fail",
            "supervision": "",
            "rubric_published": False,
        },
        "learning_outcomes": [],
        "stackability": {"stand_alone": True, "counts_toward": []},
        "jurisdiction_profiles": ["JP"],
    }


#: The languages of a bilingual text (`{"ja": …, "en": …}`, the dossier schema's "text"),
#: Japanese first: the register's primary language, and the fallback of every reading.
TEXT_LANGUAGES = ("ja", "en")


def text(value, language=None):
    """The text of a bilingual `{"ja", "en"}` object in `language`, falling back to Japanese."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    language = language or get_language() or "ja"
    return value.get(language[:2]) or value.get("ja") or value.get("en") or ""


def total_hours(content):
    hours = content.get("learning_hours") or {}
    return sum(hours.get(part) or 0 for part in ("contact", "self_study", "assessment"))


def iso_duration_hours(hours):
    """Learning hours as an ISO 8601 duration, as linked data writes them: 60 -> "PT60H",
    12.5 -> "PT12H30M"."""
    minutes = int((Decimal(str(hours)) * 60).to_integral_value())
    whole, rest = divmod(minutes, 60)
    return f"PT{whole}H{rest}M" if rest else f"PT{whole}H"


#: The body that accredits every item of the register, as every document names it
#: (schema.org's `recognizedBy`, CTDL's and ELM's accrediting agent, the endorsement's issuer).
ACCREDITATION_BODY_NAME = _("Micro-credential Register")


def prune(value):
    """The content without empty leaves ("", None, texts with nothing in them).

    Forms and drafts hold empty strings for what is not filled in yet; the schema calls those
    missing, which is what they are. Lists are kept, even empty: "no method" is an answer.
    """
    if isinstance(value, dict):
        pruned = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in ("", None, {})}
    if isinstance(value, list):
        return [prune(item) for item in value]
    if isinstance(value, str):
        return value.strip()
    return value


#: How the dossier's fields read for people, by the first segments of their JSON pointer.
FIELD_LABELS = {
    "/provider_reference": _("Your reference"),
    "/title": _("Title"),
    "/summary": _("Summary"),
    "/field_of_study": _("Field of study"),
    "/isced_f": _("ISCED-F code"),
    "/design_pattern": _("Design pattern"),
    "/purpose": _("Purpose"),
    "/purpose/aim": _("Purpose: aim"),
    "/purpose/target_learners": _("Purpose: target learners"),
    "/purpose/need_evidence": _("Purpose: labour-market need"),
    "/learning_hours": _("Learning hours"),
    "/learning_hours/contact": _("Learning hours: contact"),
    "/learning_hours/self_study": _("Learning hours: self-study"),
    "/learning_hours/assessment": _("Learning hours: assessment"),
    "/learning_hours/credits_claimed": _("Credits claimed"),
    "/content": _("Content and method"),
    "/content/topics": _("Topics"),
    "/content/delivery_mode": _("Delivery mode"),
    "/content/languages": _("Languages of instruction"),
    "/content/teaching_methods": _("Teaching methods"),
    "/level": _("Level"),
    "/level/framework": _("Level: framework"),
    "/level/value": _("Level: value"),
    "/assessment": _("Assessment"),
    "/assessment/awarded_on": _("Assessment: basis of the award"),
    "/assessment/methods": _("Assessment: methods"),
    "/assessment/pass_criteria": _("Assessment: pass criteria"),
    "/assessment/grading_scheme": _("Assessment: grading"),
    "/assessment/supervision": _("Assessment: supervision and identity verification"),
    "/assessment/rubric_published": _("Assessment: rubric published"),
    "/learning_outcomes": _("Learning outcomes"),
    "/prerequisites": _("Prerequisites"),
    "/stackability": _("Stackability"),
    "/stackability/stand_alone": _("Stackability: stand-alone"),
    "/stackability/counts_toward": _("Stackability: counts toward"),
    "/fee": _("Fee"),
    "/fee/amount": _("Fee: amount"),
    "/fee/currency": _("Fee: currency"),
    "/credential_validity_years": _("Validity of the learner's credential"),
    "/further_information_url": _("Further information"),
    "/jurisdiction_profiles": _("Jurisdiction profiles"),
}


def field_label(pointer):
    """The label of the most specific known field that `pointer` lies in ("/level/value" →
    "Level: value"; "/content/topics/2/ja" → "Topics")."""
    parts = pointer.split("/")
    for end in range(len(parts), 1, -1):
        label = FIELD_LABELS.get("/".join(parts[:end]))
        if label is not None:
            return label
    return pointer


#: A row of a list of records or texts, by the list's pointer: "Learning outcome 2".
ROW_LABELS = {
    "/learning_outcomes": _("Learning outcome {n}"),
    "/content/topics": _("Topic {n}"),
    "/learning_hours/credits_claimed": _("Credit claim {n}"),
    "/stackability/counts_toward": _("Counts toward {n}"),
}

#: The parts of those records (and of the optional fee), by their pointer with `*` for the row.
PART_LABELS = {
    "/learning_outcomes/*/statement": _("Statement"),
    "/learning_outcomes/*/type": _("Type"),
    "/learning_outcomes/*/skill_uri": _("Skill URI"),
    "/learning_hours/credits_claimed/*/system": _("Credit system"),
    "/learning_hours/credits_claimed/*/value": _("Credits"),
    "/stackability/counts_toward/*/qualification": _("Qualification"),
    "/stackability/counts_toward/*/institution": _("Awarded by"),
    "/stackability/counts_toward/*/credits": _("Credits"),
    "/stackability/counts_toward/*/system": _("Credit system"),
    # An optional object added or removed whole reads by its parts' short names.
    "/fee/amount": _("Amount"),
    "/fee/currency": _("Currency"),
}

#: The two languages of a bilingual text, as the dossier editor names its inputs.
TEXT_LANGUAGE_LABELS = {"ja": _("{label} (Japanese)"), "en": _("{label} (English)")}

PLACE_IN_ROW = _("{row} · {part}")


def _unescape(segment):
    return segment.replace("~1", "/").replace("~0", "~")


def generic_pointer(pointer):
    """The pointer with each row index of a known list as `*`: "/learning_outcomes/0/type" →
    "/learning_outcomes/*/type", the key of PART_LABELS and of the vocabularies."""
    generic = ""
    for segment in pointer.split("/")[1:]:
        generic += "/*" if generic in ROW_LABELS and segment.isdigit() else f"/{segment}"
    return generic


def place_label(pointer):
    """Where a JSON pointer points, as people name it: "/learning_outcomes/0/statement/ja" →
    "Learning outcome 1 · Statement (Japanese)", "/purpose/aim/en" → "Purpose: aim
    (English)". The pointer itself only for a place the format does not have."""
    label, generic = None, ""
    segments = [_unescape(segment) for segment in pointer.split("/")[1:]]
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if generic in ROW_LABELS and segment.isdigit():
            generic += "/*"
            label = format_lazy(ROW_LABELS[generic[:-2]], n=int(segment) + 1)
        elif last and label is not None and segment in TEXT_LANGUAGE_LABELS:
            return str(format_lazy(TEXT_LANGUAGE_LABELS[segment], label=label))
        elif f"{generic}/{segment}" in FIELD_LABELS:
            generic += f"/{segment}"
            label = FIELD_LABELS[generic]
        elif f"{generic}/{segment}" in PART_LABELS and label is not None:
            generic += f"/{segment}"
            label = format_lazy(PLACE_IN_ROW, row=label, part=PART_LABELS[generic])
        else:
            return pointer
    return str(label) if label is not None else pointer


def localised(message, language=None):
    """A `{"ja", "en"}` message in the reader's language."""
    language = (language or get_language() or "ja")[:2]
    return message.get(language) or message.get("en") or message.get("ja", "")


def describe(problem, language=None):
    """A problem `{"pointer", "message"}` as one line for a person."""
    return f"{field_label(problem['pointer'])}: {localised(problem['message'], language)}"


def submission_problems(content):
    """What keeps this content from being submitted: the schema's rules, and English for the
    catalogue's title and summary. [] when it may be submitted (screening aside)."""
    from .schema import bilingual, validate

    content = prune(content)
    problems = validate(content)
    for name in ("title", "summary"):
        value = content.get(name)
        if isinstance(value, dict) and value.get("ja") and not value.get("en"):
            problems.append(
                {
                    "pointer": f"/{name}/en",
                    "message": bilingual(_("The catalogue needs this in English too.")),
                }
            )
    return problems


def decimal_or_none(value):
    """A finite Decimal read from a number or a string, or None (booleans, junk, NaN, ∞)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None
