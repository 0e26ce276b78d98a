"""Template filters that read the dossier's content (the interchange format)."""

import re

from django import template
from django.utils.translation import gettext

from accreditation import content as c
from accreditation import vocabulary
from accreditation.countries import Country

register = template.Library()

#: The fixed lists; the reference tables' codes are named from their rows (vocabulary.py).
VOCABULARIES = {
    "delivery_mode": c.DeliveryMode,
    "awarded_on": c.AwardedOn,
    "assessment_method": c.AssessmentMethod,
    "grading_scheme": c.GradingScheme,
    "supervision": c.Supervision,
    "outcome_type": c.OutcomeType,
    "design_pattern": c.DesignPattern,
    "language": c.Language,
    "country": Country,
}


@register.filter
def localized(value, language=None):
    """`{"ja": …, "en": …}` in the active language (or the one given), falling back to ja."""
    return c.text(value, language)


@register.filter
def label(value, kind):
    """The translated label of a coded value: `{{ mode|label:"delivery_mode" }}`; a reference
    table's code (`{{ code|label:"framework" }}`) reads as the table names it."""
    if kind in vocabulary.TABLES:
        return vocabulary.names(kind).get(value, value)
    choices = VOCABULARIES[kind]
    labels = choices if isinstance(choices, dict) else dict(choices.choices)
    return labels.get(value, value)


@register.filter
def labels(values, kind):
    return ", ".join(str(label(v, kind)) for v in values or [])


@register.filter
def total_hours(content):
    return c.total_hours(content)


@register.simple_tag
def field_of_study_name(code):
    return vocabulary.names("field_of_study").get(code, "") if code else ""


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
