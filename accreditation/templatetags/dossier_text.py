"""Template filters that read the dossier's content (the interchange format)."""

from django import template

from accreditation import content as c
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
