"""The provider's dossier form: the schema's nested content as flat fields and two row lists.

Saving a draft accepts an incomplete dossier (work is never refused for being unfinished);
submission checks completeness (`accreditation.content.missing_for_submission`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accreditation import content as c

from .models import FieldOfStudy

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def ja_text(label, *, long=False, required=False):
    """The Japanese half of a bilingual text (`{"ja", "en"}` in the content)."""
    widget = TEXTAREA if long else forms.TextInput
    return forms.CharField(label=label, required=required, max_length=5000, widget=widget)


def en_text(label, *, long=False):
    widget = TEXTAREA if long else forms.TextInput
    return forms.CharField(label=label, required=False, max_length=5000, widget=widget)


def _number(value):
    """JSON number from a Decimal: 60 rather than 60.0 when whole."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


class DossierForm(forms.Form):
    provider_reference = forms.CharField(
        label=_("Your reference"),
        max_length=100,
        required=False,
        help_text=_("Your own course code, unique within your organisation."),
    )
    title_ja = ja_text(_("Title (Japanese)"), required=True)
    title_en = en_text(_("Title (English)"))
    summary_ja = ja_text(_("Summary (Japanese)"), long=True)
    summary_en = en_text(_("Summary (English)"), long=True)
    field_of_study = forms.ModelChoiceField(
        label=_("Field of study"),
        queryset=FieldOfStudy.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="—",
    )
    design_pattern = forms.ChoiceField(
        label=_("Design pattern"), choices=c.DesignPattern.choices, initial="standalone"
    )
    # 1. Purpose
    aim_ja = ja_text(_("Aim (Japanese)"), long=True)
    aim_en = en_text(_("Aim (English)"), long=True)
    target_learners_ja = ja_text(_("Target learners (Japanese)"), long=True)
    target_learners_en = en_text(_("Target learners (English)"), long=True)
    need_evidence_ja = ja_text(_("Labour-market need (Japanese)"), long=True)
    need_evidence_en = en_text(_("Labour-market need (English)"), long=True)
    # 2. Learning hours
    hours_contact = forms.DecimalField(
        label=_("Contact hours"), min_value=0, max_value=5000, decimal_places=1, initial=0
    )
    hours_self_study = forms.DecimalField(
        label=_("Self-study hours"), min_value=0, max_value=5000, decimal_places=1, initial=0
    )
    hours_assessment = forms.DecimalField(
        label=_("Assessment hours"), min_value=0, max_value=5000, decimal_places=1, initial=0
    )
    credit_system = forms.ChoiceField(
        label=_("Credits claimed: system"),
        choices=[("", "—"), *c.CreditSystem.choices],
        required=False,
    )
    credit_value = forms.DecimalField(
        label=_("Credits claimed: value"),
        min_value=0.5,
        max_value=240,
        decimal_places=1,
        required=False,
    )
    # 3. Content and method
    delivery_mode = forms.ChoiceField(
        label=_("Delivery mode"), choices=[("", "—"), *c.DeliveryMode.choices], required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of instruction"),
        choices=c.INSTRUCTION_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["ja"],
    )
    teaching_methods_ja = ja_text(_("Teaching methods (Japanese)"), long=True)
    teaching_methods_en = en_text(_("Teaching methods (English)"), long=True)
    # 4. Level
    level_framework = forms.ChoiceField(
        label=_("Qualifications framework"), choices=c.Framework.choices, initial="JEQF"
    )
    level_value = forms.DecimalField(
        label=_("Level in the framework"),
        min_value=1,
        max_value=10,
        decimal_places=1,
        required=False,
        help_text=_("JEQF, EQF and MQF run from 1 to 8; AQF, NZQF and NSQF from 1 to 10."),
    )
    # 5. Assessment
    awarded_on = forms.ChoiceField(label=_("Basis of the award"), choices=c.AwardedOn.choices)
    assessment_methods = forms.MultipleChoiceField(
        label=_("Assessment methods"),
        choices=c.AssessmentMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pass_criteria_ja = ja_text(_("Pass criteria (Japanese)"), long=True)
    pass_criteria_en = en_text(_("Pass criteria (English)"), long=True)
    grading_scheme = forms.ChoiceField(label=_("Grading"), choices=c.GradingScheme.choices)
    supervision = forms.ChoiceField(
        label=_("Supervision and identity verification"),
        choices=[("", "—"), *c.Supervision.choices],
        required=False,
    )
    rubric_published = forms.BooleanField(
        label=_("The assessment rubric is published to learners"), required=False
    )
    # Other information
    prerequisites_ja = ja_text(_("Prerequisites (Japanese)"), long=True)
    prerequisites_en = en_text(_("Prerequisites (English)"), long=True)
    stand_alone = forms.BooleanField(
        label=_("Stand-alone (does not count toward a larger qualification)"),
        required=False,
        initial=True,
    )
    jurisdiction_profiles = forms.MultipleChoiceField(
        label=_("Size rules to check against"),
        choices=c.JurisdictionProfile.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["JP"],
    )

    def clean_level_value(self):
        value = self.cleaned_data.get("level_value")
        if value is not None and (value * 2) % 1:
            raise forms.ValidationError(_("Levels are whole or half numbers."))
        return value

    def clean(self):
        data = super().clean()
        if bool(data.get("credit_system")) != bool(data.get("credit_value")):
            raise forms.ValidationError(_("Give both the credit system and the number of credits."))
        return data

    @staticmethod
    def _text(data, name):
        return {"ja": data.get(f"{name}_ja", "").strip(), "en": data.get(f"{name}_en", "").strip()}

    def to_content(self, topics, outcomes):
        """The schema-shaped content from the cleaned form and its two row lists."""
        d = self.cleaned_data
        text = lambda name: self._text(d, name)  # noqa: E731
        credits = []
        if d.get("credit_system"):
            credits.append({"system": d["credit_system"], "value": _number(d["credit_value"])})
        content = {
            "title": text("title"),
            "summary": text("summary"),
            "design_pattern": d["design_pattern"],
            "purpose": {"aim": text("aim"), "target_learners": text("target_learners")},
            "learning_hours": {
                "contact": _number(d["hours_contact"]),
                "self_study": _number(d["hours_self_study"]),
                "assessment": _number(d["hours_assessment"]),
                "credits_claimed": credits,
            },
            "content": {
                "topics": topics,
                "delivery_mode": d.get("delivery_mode", ""),
                "languages": d["languages"],
            },
            "level": {"framework": d["level_framework"], "value": _number(d.get("level_value"))},
            "assessment": {
                "awarded_on": d["awarded_on"],
                "methods": d["assessment_methods"],
                "pass_criteria": text("pass_criteria"),
                "grading_scheme": d["grading_scheme"],
                "supervision": d.get("supervision", ""),
                "rubric_published": d["rubric_published"],
            },
            "learning_outcomes": outcomes,
            "stackability": {"stand_alone": d["stand_alone"], "counts_toward": []},
            "jurisdiction_profiles": d["jurisdiction_profiles"],
        }
        if d.get("field_of_study"):
            content["field_of_study"] = d["field_of_study"].code
        for optional, name in (
            (content["purpose"], "need_evidence"),
            (content["content"], "teaching_methods"),
        ):
            if text(name)["ja"]:
                optional[name] = text(name)
        if text("prerequisites")["ja"]:
            content["prerequisites"] = text("prerequisites")
        return content

    @classmethod
    def initial_from(cls, dossier):
        """Initial values that show the dossier's working copy in the form."""
        content = dossier.content
        purpose = content.get("purpose", {})
        hours = content.get("learning_hours", {})
        body = content.get("content", {})
        level = content.get("level", {})
        assessment = content.get("assessment", {})
        credits = (hours.get("credits_claimed") or [{}])[0]
        initial = {
            "provider_reference": dossier.provider_reference,
            "field_of_study": content.get("field_of_study"),
            "design_pattern": content.get("design_pattern", "standalone"),
            "hours_contact": hours.get("contact", 0),
            "hours_self_study": hours.get("self_study", 0),
            "hours_assessment": hours.get("assessment", 0),
            "credit_system": credits.get("system", ""),
            "credit_value": credits.get("value"),
            "delivery_mode": body.get("delivery_mode", ""),
            "languages": body.get("languages", ["ja"]),
            "level_framework": level.get("framework", "JEQF"),
            "level_value": level.get("value"),
            "awarded_on": assessment.get("awarded_on", "assessment"),
            "assessment_methods": assessment.get("methods", []),
            "grading_scheme": assessment.get("grading_scheme", "pass_fail"),
            "supervision": assessment.get("supervision", ""),
            "rubric_published": assessment.get("rubric_published", False),
            "stand_alone": content.get("stackability", {}).get("stand_alone", True),
            "jurisdiction_profiles": content.get("jurisdiction_profiles", ["JP"]),
        }
        texts = {
            "title": content.get("title"),
            "summary": content.get("summary"),
            "aim": purpose.get("aim"),
            "target_learners": purpose.get("target_learners"),
            "need_evidence": purpose.get("need_evidence"),
            "teaching_methods": body.get("teaching_methods"),
            "pass_criteria": assessment.get("pass_criteria"),
            "prerequisites": content.get("prerequisites"),
        }
        for name, value in texts.items():
            initial[f"{name}_ja"] = (value or {}).get("ja", "")
            initial[f"{name}_en"] = (value or {}).get("en", "")
        return initial


class TopicForm(forms.Form):
    ja = forms.CharField(label=_("Topic (Japanese)"), max_length=500, required=False)
    en = forms.CharField(label=_("Topic (English)"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    statement_ja = forms.CharField(
        label=_("Outcome (Japanese)"), max_length=1000, required=False, widget=TEXTAREA
    )
    statement_en = forms.CharField(
        label=_("Outcome (English)"), max_length=1000, required=False, widget=TEXTAREA
    )
    type = forms.ChoiceField(label=_("Type"), choices=c.OutcomeType.choices, initial="skill")
    skill_uri = forms.URLField(
        label=_("Skill URI (e.g. ESCO)"), required=False, assume_scheme="https"
    )


TopicFormSet = forms.formset_factory(TopicForm, extra=3, can_delete=True, max_num=50)
OutcomeFormSet = forms.formset_factory(OutcomeForm, extra=3, can_delete=True, max_num=50)


def topics_from(formset):
    return [
        {key: value for key, value in (("ja", f["ja"].strip()), ("en", f["en"].strip())) if value}
        for f in (form.cleaned_data for form in formset.forms)
        if f and not f.get("DELETE") and f.get("ja", "").strip()
    ]


def outcomes_from(formset):
    outcomes = []
    for data in (form.cleaned_data for form in formset.forms):
        if not data or data.get("DELETE") or not data.get("statement_ja", "").strip():
            continue
        outcome = {
            "statement": {"ja": data["statement_ja"].strip(), "en": data["statement_en"].strip()},
            "type": data["type"],
        }
        if data.get("skill_uri"):
            outcome["skill_uri"] = data["skill_uri"]
        outcomes.append(outcome)
    return outcomes


def topics_initial(content):
    return [
        {"ja": t.get("ja", ""), "en": t.get("en", "")}
        for t in content.get("content", {}).get("topics", [])
    ]


def outcomes_initial(content):
    return [
        {
            "statement_ja": o.get("statement", {}).get("ja", ""),
            "statement_en": o.get("statement", {}).get("en", ""),
            "type": o.get("type", "skill"),
            "skill_uri": o.get("skill_uri", ""),
        }
        for o in content.get("learning_outcomes", [])
    ]
