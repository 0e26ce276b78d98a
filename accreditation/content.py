"""The dossier's content: the interchange format of `shared/schemas/dossier.schema.json`.

A dossier's working copy and each frozen version hold one JSON object in that shape. This module
names its vocabularies (with translated labels), reads its bilingual texts and says what a
submission still lacks. It has no database access.
"""

from django.db import models
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


class Framework(models.TextChoices):
    JEQF = "JEQF", _("JEQF (Japan)")
    EQF = "EQF", _("EQF (Europe)")
    AQF = "AQF", _("AQF (Australia)")
    NZQF = "NZQF", _("NZQF (New Zealand)")
    MQF = "MQF", _("MQF (Malaysia)")
    NSQF = "NSQF", _("NSQF (India)")


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


class JurisdictionProfile(models.TextChoices):
    JP = "JP", _("Japan")
    EU = "EU", _("European Union")
    US = "US", _("United States")
    AU = "AU", _("Australia")
    NZ = "NZ", _("New Zealand")
    UAE = "UAE", _("United Arab Emirates")
    MY = "MY", _("Malaysia")


class CreditSystem(models.TextChoices):
    JP = "JP", _("Japanese university credit (単位)")
    ECTS = "ECTS", _("ECTS")
    NZ = "NZ", _("New Zealand credit")
    UK = "UK", _("UK credit")
    MY = "MY", _("Malaysian credit")
    UAE = "UAE", _("UAE credit")
    US = "US", _("US semester credit")


INSTRUCTION_LANGUAGES = [("ja", "日本語"), ("en", "English")]


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


def missing_for_submission(content):
    """What a dossier must still say before it can be submitted, as translated messages.

    These are completeness checks only; whether the item is eligible (size, level, assessment)
    is the screening's job.
    """
    missing = []
    title = content.get("title") or {}
    if not title.get("ja") or not title.get("en"):
        missing.append(_("The title is needed in Japanese and in English."))
    if not (content.get("summary") or {}).get("ja"):
        missing.append(_("A summary is needed."))
    if not content.get("field_of_study"):
        missing.append(_("Choose a field of study."))
    purpose = content.get("purpose") or {}
    if not (purpose.get("aim") or {}).get("ja"):
        missing.append(_("Purpose: state the aim of the programme."))
    if not (purpose.get("target_learners") or {}).get("ja"):
        missing.append(_("Purpose: describe the target learners."))
    if total_hours(content) <= 0:
        missing.append(_("Learning hours: give the notional learning hours."))
    body = content.get("content") or {}
    if not body.get("topics"):
        missing.append(_("Content: list at least one topic."))
    if not body.get("delivery_mode"):
        missing.append(_("Content: choose a delivery mode."))
    if not (content.get("level") or {}).get("value"):
        missing.append(_("Level: give the level in the chosen framework."))
    assessment = content.get("assessment") or {}
    if not (assessment.get("pass_criteria") or {}).get("ja"):
        missing.append(_("Assessment: state the pass criteria."))
    if not assessment.get("supervision"):
        missing.append(_("Assessment: say how assessment is supervised."))
    if not content.get("learning_outcomes"):
        missing.append(_("Learning outcomes: list at least one outcome."))
    return missing
