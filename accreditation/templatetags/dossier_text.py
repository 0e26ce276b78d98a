"""Template filters that read the dossier's content (the interchange format)."""

import re

from django import template
from django.utils.translation import gettext

from accreditation import content as c
from accreditation.countries import Country
from accreditation.models import FieldOfStudy

register = template.Library()

VOCABULARIES = {
    "delivery_mode": c.DeliveryMode,
    "framework": c.Framework,
    "awarded_on": c.AwardedOn,
    "assessment_method": c.AssessmentMethod,
    "grading_scheme": c.GradingScheme,
    "supervision": c.Supervision,
    "outcome_type": c.OutcomeType,
    "design_pattern": c.DesignPattern,
    "jurisdiction": c.JurisdictionProfile,
    "credit_system": c.CreditSystem,
    "language": c.Language,
    "country": Country,
}


@register.filter
def localized(value, language=None):
    """`{"ja": …, "en": …}` in the active language (or the one given), falling back to ja."""
    return c.text(value, language)


@register.filter
def label(value, vocabulary):
    """The translated label of a coded value: `{{ mode|label:"delivery_mode" }}`."""
    choices = VOCABULARIES[vocabulary]
    labels = choices if isinstance(choices, dict) else dict(choices.choices)
    return labels.get(value, value)


@register.filter
def labels(values, vocabulary):
    return ", ".join(str(label(v, vocabulary)) for v in values or [])


@register.filter
def total_hours(content):
    return c.total_hours(content)


@register.simple_tag
def field_of_study_name(code):
    field = FieldOfStudy.objects.filter(code=code).first() if code else None
    return field.name if field else ""


#: Notes that name a version as the services write them ("v2", "v1 → v2: …").
_VERSION_IN_NOTE = re.compile(r"\bv(\d+)\b")
_VERSION_NOTE_ACTIONS = {"dossier.submit", "dossier.resubmit", "round.invite_previous"}


@register.filter
def audit_note(event):
    """An audit event's note as people read it: the place of an answered comment by its name,
    a version as "version 2", and notes written with gettext_noop in the page's language."""
    note = event.note
    if not note:  # gettext("") would be the catalogue's header
        return ""
    if event.action == "revision_comment.answer":
        return c.place_label(note)
    if event.action in _VERSION_NOTE_ACTIONS:
        return _VERSION_IN_NOTE.sub(lambda m: gettext("version %(n)s") % {"n": m[1]}, note)
    return gettext(note)
