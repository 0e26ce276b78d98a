"""The provider's dossier form: every property of the interchange schema, in sections.

The schema's nested object is shown as flat fields (`title_ja`, `hours_contact`, ...) plus four
lists of rows (topics, credit claims, learning outcomes, qualifications it counts toward), each
a formset the page can grow and shrink. `DossierEditor` binds the five together, turns them into
schema-shaped content and back.

Saving never refuses unfinished work: a draft may be incomplete, and when some fields are
invalid (a level of "4,5", an address without https://) the rest is still saved by autosave and
the page keeps everything typed. Submission is where completeness and eligibility are checked.
"""

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accreditation import content as c

from .models import CreditSystem, FieldOfStudy, JurisdictionProfile, LevelFramework

TEXTAREA = forms.Textarea(attrs={"rows": 3})

HELP = {
    "title": _("As learners and employers will read it in the catalogue."),
    "summary": _("Two or three sentences: what the learner will be able to do, and for whom."),
    "isced_f": _(
        "The UNESCO ISCED-F 2013 code of the field (2 to 4 digits, e.g. 0613 for software "
        "development). Leave empty to use the field of study's."
    ),
    "design_pattern": _(
        "Modularised: a part of an existing degree programme. Degree with an industry "
        "certificate: built into a degree programme. Independent: no degree programme."
    ),
    "need_evidence": _(
        "The labour-market or social need the programme answers, with evidence (surveys, "
        "employers' statements, statistics), as NZQA asks."
    ),
    "hours": _(
        "Notional learning hours: all the time a typical learner needs to reach the outcomes "
        "(ECTS Users' Guide), split into taught contact, self-study and assessment."
    ),
    "credits": _(
        "Credits you claim, per credit system. They must agree with the hours: Japan 45 h per "
        "credit, ECTS 25–30 h, New Zealand and UK 10 h, Malaysia 40 h, UAE 15 h, US about 45 h."
    ),
    "topics": _("The syllabus, one topic per row."),
    "teaching_methods": _("Lectures, exercises, projects, mentoring, work placement..."),
    "level": _(
        "The level of the outcomes in a qualifications framework: JEQF (Japan) by default; "
        "EQF, AQF, NZQF, MQF or NSQF if you prefer."
    ),
    "awarded_on": _(
        "A micro-credential certifies assessed learning: a badge for attendance or "
        "participation only is not eligible."
    ),
    "supervision": _(
        "How the assessment is supervised and how the learner's identity is verified "
        "(European Learning Model: supervision and identity verification)."
    ),
    "outcomes": _(
        "What the learner knows and can do at the end, one statement per row, each typed as "
        "in the EQF: knowledge, skill, or competence (responsibility and autonomy). Link a "
        "skill from ESCO or another framework if you can."
    ),
    "skill_uri": _("e.g. http://data.europa.eu/esco/skill/… (optional)"),
    "stackability": _(
        "Stand-alone, or counting toward a larger qualification: name it and the credits."
    ),
    "fee": _("What a learner pays, in a three-letter currency code (JPY, EUR, USD)."),
    "validity": _("How long the learner's credential stays valid, if it expires."),
    "profiles": _(
        "The size rules the screening checks the total hours against: Japan (at least 60 h) "
        "by default; add the other jurisdictions where you offer the course."
    ),
}


def _number(value):
    """JSON number from a Decimal: 60 rather than 60.0 when whole."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def bilingual_pair(name, label, *, long=False, help_text=""):
    """Two CharFields, `<name>_ja` and `<name>_en`, for one bilingual text of the schema."""
    widget = TEXTAREA if long else forms.TextInput
    return {
        f"{name}_ja": forms.CharField(
            label=format_lazy(_("{label} (Japanese)"), label=label),
            required=False,
            max_length=5000,
            widget=widget,
            help_text=help_text,
        ),
        f"{name}_en": forms.CharField(
            label=format_lazy(_("{label} (English)"), label=label),
            required=False,
            max_length=5000,
            widget=widget,
        ),
    }


def _reference_choices(model, *, blank=True):
    """Choices from a reference table, read when the form is built (staff may edit names)."""
    choices = [(item.code, item.name) for item in model.objects.order_by("code")]
    return [("", "—"), *choices] if blank else choices


class DossierForm(forms.Form):
    """The dossier's scalar fields. Text fields are in `bilingual_pair`s added below."""

    provider_reference = forms.CharField(
        label=_("Your reference"),
        max_length=100,
        required=False,
        help_text=_("Your own course code, unique within your organisation."),
    )
    field_of_study = forms.ModelChoiceField(
        label=_("Field of study"),
        queryset=FieldOfStudy.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="—",
    )
    isced_f = forms.RegexField(
        label=_("ISCED-F code"),
        regex=r"^[0-9]{2,4}$",
        required=False,
        help_text=HELP["isced_f"],
        error_messages={"invalid": _("Two to four digits.")},
    )
    design_pattern = forms.ChoiceField(
        label=_("Design pattern"),
        choices=c.DesignPattern.choices,
        initial="standalone",
        help_text=HELP["design_pattern"],
    )
    hours_contact = forms.DecimalField(
        label=_("Contact hours"), min_value=0, max_value=5000, decimal_places=1, initial=0
    )
    hours_self_study = forms.DecimalField(
        label=_("Self-study hours"), min_value=0, max_value=5000, decimal_places=1, initial=0
    )
    hours_assessment = forms.DecimalField(
        label=_("Assessment hours"), min_value=0, max_value=5000, decimal_places=1, initial=0
    )
    delivery_mode = forms.ChoiceField(
        label=_("Delivery mode"), choices=[("", "—"), *c.DeliveryMode.choices], required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of instruction"),
        choices=c.Language.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["ja"],
        required=False,
    )
    level_framework = forms.ChoiceField(
        label=_("Qualifications framework"), initial="JEQF", help_text=HELP["level"]
    )
    level_value = forms.DecimalField(
        label=_("Level in the framework"),
        min_value=1,
        max_value=10,
        decimal_places=1,
        required=False,
    )
    awarded_on = forms.ChoiceField(
        label=_("Basis of the award"), choices=c.AwardedOn.choices, help_text=HELP["awarded_on"]
    )
    assessment_methods = forms.MultipleChoiceField(
        label=_("Assessment methods"),
        choices=c.AssessmentMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    grading_scheme = forms.ChoiceField(label=_("Grading"), choices=c.GradingScheme.choices)
    supervision = forms.ChoiceField(
        label=_("Supervision and identity verification"),
        choices=[("", "—"), *c.Supervision.choices],
        required=False,
        help_text=HELP["supervision"],
    )
    rubric_published = forms.BooleanField(
        label=_("The assessment rubric is published to learners"), required=False
    )
    stand_alone = forms.BooleanField(
        label=_("Stand-alone (does not count toward a larger qualification)"),
        required=False,
        initial=True,
        help_text=HELP["stackability"],
    )
    fee_amount = forms.DecimalField(
        label=_("Fee"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    fee_currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Z]{3}$",
        required=False,
        initial="JPY",
        help_text=HELP["fee"],
        error_messages={"invalid": _("A three-letter code in capitals, such as JPY.")},
    )
    credential_validity_years = forms.IntegerField(
        label=_("Validity of the learner's credential (years)"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=HELP["validity"],
    )
    further_information_url = forms.URLField(
        label=_("Further information (web address)"), required=False, assume_scheme="https"
    )
    jurisdiction_profiles = forms.MultipleChoiceField(
        label=_("Size rules to check against"),
        widget=forms.CheckboxSelectMultiple,
        initial=["JP"],
        required=False,
        help_text=HELP["profiles"],
    )

    TEXTS = (
        ("title", ()),
        ("summary", ()),
        ("aim", ("purpose",)),
        ("target_learners", ("purpose",)),
        ("need_evidence", ("purpose",)),
        ("teaching_methods", ("content",)),
        ("pass_criteria", ("assessment",)),
        ("prerequisites", ()),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        frameworks = list(LevelFramework.objects.order_by("code"))
        self.fields["level_framework"].choices = [(f.code, f.name) for f in frameworks]
        self.fields["level_value"].help_text = "; ".join(
            f"{f.code} {_number(f.min_level)}–{_number(f.max_level)}"
            + (f" ({_('half levels')})" if f.step != 1 else "")
            for f in frameworks
        )
        self.fields["jurisdiction_profiles"].choices = [
            (p.code, f"{p.name} — {p.rule_en if self._english() else p.rule_ja}")
            for p in JurisdictionProfile.objects.order_by("-is_default", "code")
        ]

    @staticmethod
    def _english():
        from django.utils.translation import get_language

        return (get_language() or "ja").startswith("en")

    def clean_level_value(self):
        value = self.cleaned_data.get("level_value")
        if value is not None and (value * 2) % 1:
            raise forms.ValidationError(_("Levels are whole or half numbers."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("fee_amount") is not None and not data.get("fee_currency"):
            self.add_error("fee_currency", _("Give the currency of the fee."))
        return data


BILINGUAL_FIELDS = [
    bilingual_pair("title", _("Title"), help_text=HELP["title"]),
    bilingual_pair("summary", _("Summary"), long=True, help_text=HELP["summary"]),
    bilingual_pair("aim", _("Aim"), long=True),
    bilingual_pair("target_learners", _("Target learners"), long=True),
    bilingual_pair(
        "need_evidence", _("Labour-market need"), long=True, help_text=HELP["need_evidence"]
    ),
    bilingual_pair(
        "teaching_methods", _("Teaching methods"), long=True, help_text=HELP["teaching_methods"]
    ),
    bilingual_pair("pass_criteria", _("Pass criteria"), long=True),
    bilingual_pair("prerequisites", _("Prerequisites"), long=True),
]
for _pair in BILINGUAL_FIELDS:
    DossierForm.base_fields.update(_pair)
    DossierForm.declared_fields.update(_pair)
del _pair


class TopicForm(forms.Form):
    ja = forms.CharField(label=_("Topic (Japanese)"), max_length=5000, required=False)
    en = forms.CharField(label=_("Topic (English)"), max_length=5000, required=False)

    def to_item(self):
        d = self.cleaned_data
        if not d.get("ja", "").strip():
            return None
        return {"ja": d["ja"].strip(), "en": d.get("en", "").strip()}

    @staticmethod
    def initial_from(item):
        return {"ja": item.get("ja", ""), "en": item.get("en", "")}


class CreditClaimForm(forms.Form):
    system = forms.ChoiceField(label=_("Credit system"), required=False)
    value = forms.DecimalField(
        label=_("Credits"),
        min_value=Decimal("0.1"),
        max_value=240,
        decimal_places=1,
        required=False,
    )

    def __init__(self, *args, credit_systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].choices = credit_systems or _reference_choices(CreditSystem)

    def clean(self):
        data = super().clean()
        if bool(data.get("system")) != (data.get("value") is not None):
            raise forms.ValidationError(_("Give both the credit system and the number of credits."))
        return data

    def to_item(self):
        d = self.cleaned_data
        if not d.get("system") or d.get("value") is None:
            return None
        return {"system": d["system"], "value": _number(d["value"])}

    @staticmethod
    def initial_from(item):
        return {"system": item.get("system", ""), "value": item.get("value")}


class OutcomeForm(forms.Form):
    statement_ja = forms.CharField(
        label=_("Outcome (Japanese)"), max_length=5000, required=False, widget=TEXTAREA
    )
    statement_en = forms.CharField(
        label=_("Outcome (English)"), max_length=5000, required=False, widget=TEXTAREA
    )
    type = forms.ChoiceField(label=_("Type"), choices=c.OutcomeType.choices, initial="skill")
    skill_uri = forms.URLField(
        label=_("Skill URI"), required=False, assume_scheme="https", help_text=HELP["skill_uri"]
    )

    def to_item(self):
        d = self.cleaned_data
        if not d.get("statement_ja", "").strip():
            return None
        item = {
            "statement": {"ja": d["statement_ja"].strip(), "en": d.get("statement_en", "").strip()},
            "type": d.get("type") or "skill",
        }
        if d.get("skill_uri"):
            item["skill_uri"] = d["skill_uri"]
        return item

    @staticmethod
    def initial_from(item):
        statement = item.get("statement") or {}
        return {
            "statement_ja": statement.get("ja", ""),
            "statement_en": statement.get("en", ""),
            "type": item.get("type", "skill"),
            "skill_uri": item.get("skill_uri", ""),
        }


class CountsTowardForm(forms.Form):
    qualification_ja = forms.CharField(
        label=_("Qualification (Japanese)"), max_length=5000, required=False
    )
    qualification_en = forms.CharField(
        label=_("Qualification (English)"), max_length=5000, required=False
    )
    institution = forms.CharField(label=_("Awarded by"), max_length=300, required=False)
    credits = forms.DecimalField(
        label=_("Credits it counts for"), min_value=Decimal("0.1"), decimal_places=1, required=False
    )
    system = forms.ChoiceField(label=_("Credit system"), required=False)

    def __init__(self, *args, credit_systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].choices = credit_systems or _reference_choices(CreditSystem)

    def clean(self):
        data = super().clean()
        if data.get("qualification_ja", "").strip() and (
            data.get("credits") is None or not data.get("system")
        ):
            raise forms.ValidationError(
                _("Give the credits and the credit system the qualification counts them in.")
            )
        return data

    def to_item(self):
        d = self.cleaned_data
        if not d.get("qualification_ja", "").strip():
            return None
        item = {
            "qualification": {
                "ja": d["qualification_ja"].strip(),
                "en": d.get("qualification_en", "").strip(),
            },
            "credits": _number(d.get("credits")),
            "system": d.get("system", ""),
        }
        if d.get("institution", "").strip():
            item["institution"] = d["institution"].strip()
        return item

    @staticmethod
    def initial_from(item):
        qualification = item.get("qualification") or {}
        return {
            "qualification_ja": qualification.get("ja", ""),
            "qualification_en": qualification.get("en", ""),
            "institution": item.get("institution", ""),
            "credits": item.get("credits"),
            "system": item.get("system", ""),
        }


def _formset(form, maximum):
    return forms.formset_factory(form, extra=1, can_delete=True, max_num=maximum)


ROWS = {
    # prefix: (formset class, where the list lives in the content)
    "topics": (_formset(TopicForm, 100), ("content", "topics")),
    "credits": (_formset(CreditClaimForm, 7), ("learning_hours", "credits_claimed")),
    "outcomes": (_formset(OutcomeForm, 50), ("learning_outcomes",)),
    "counts_toward": (_formset(CountsTowardForm, 20), ("stackability", "counts_toward")),
}


def _dig(content, path):
    value = content
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


class DossierEditor:
    """The dossier form and its four row lists, bound together.

    `content` is the working copy the page starts from: it fills the forms when nothing was
    posted, and it supplies the value of any field that fails validation when saving, so an
    autosave never drops what was there before.
    """

    def __init__(self, data=None, *, content=None, provider_reference=""):
        self.content = content or c.empty_content()
        self.form = DossierForm(data, initial=self._initial(provider_reference))
        # Read once for every row, not once a row: the page's queries stay constant.
        credit_systems = _reference_choices(CreditSystem)
        self.rows = {
            prefix: formset(
                data,
                prefix=prefix,
                initial=[form.initial_from(item) for item in (_dig(self.content, path) or [])],
                form_kwargs=(
                    {"credit_systems": credit_systems} if "system" in form.base_fields else {}
                ),
            )
            for prefix, (formset, path) in ROWS.items()
            for form in [formset.form]
        }

    def __getattr__(self, name):
        # Templates reach the row lists by name: editor.topics, editor.outcomes...
        rows = self.__dict__.get("rows", {})
        if name in rows:
            return rows[name]
        raise AttributeError(name)

    def is_valid(self):
        valid = self.form.is_valid()
        for formset in self.rows.values():
            valid = formset.is_valid() and valid
        return valid

    def error_count(self):
        return len(self.form.errors) + sum(f.total_error_count() for f in self.rows.values())

    def errors_as_lines(self):
        """Every validation error as "label: message", for autosave's answer."""
        lines = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else ""
            lines += [f"{label}: {error}" if label else str(error) for error in errors]
        for formset in self.rows.values():
            lines += [str(error) for error in formset.non_form_errors()]
            for number, form in enumerate(formset.forms, start=1):
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    lines += [f"{label} ({number}): {error}" for error in errors]
        return lines

    # Content → forms

    def _initial(self, provider_reference):
        content = self.content
        hours = content.get("learning_hours") or {}
        body = content.get("content") or {}
        level = content.get("level") or {}
        assessment = content.get("assessment") or {}
        fee = content.get("fee") or {}
        initial = {
            "provider_reference": provider_reference,
            "field_of_study": content.get("field_of_study"),
            "isced_f": content.get("isced_f", ""),
            "design_pattern": content.get("design_pattern", "standalone"),
            "hours_contact": hours.get("contact", 0),
            "hours_self_study": hours.get("self_study", 0),
            "hours_assessment": hours.get("assessment", 0),
            "delivery_mode": body.get("delivery_mode", ""),
            "languages": body.get("languages", ["ja"]),
            "level_framework": level.get("framework", "JEQF"),
            "level_value": level.get("value"),
            "awarded_on": assessment.get("awarded_on", "assessment"),
            "assessment_methods": assessment.get("methods", []),
            "grading_scheme": assessment.get("grading_scheme", "pass_fail"),
            "supervision": assessment.get("supervision", ""),
            "rubric_published": assessment.get("rubric_published", False),
            "stand_alone": (content.get("stackability") or {}).get("stand_alone", True),
            "fee_amount": fee.get("amount"),
            "fee_currency": fee.get("currency", "JPY"),
            "credential_validity_years": content.get("credential_validity_years"),
            "further_information_url": content.get("further_information_url", ""),
            "jurisdiction_profiles": content.get("jurisdiction_profiles", ["JP"]),
        }
        for name, path in DossierForm.TEXTS:
            value = _dig(content, (*path, name)) or {}
            initial[f"{name}_ja"] = value.get("ja", "")
            initial[f"{name}_en"] = value.get("en", "")
        return initial

    # Forms → content

    def _value(self, name):
        """The cleaned value of a field, or what the working copy had if it is invalid."""
        if name in self.form.cleaned_data:
            return self.form.cleaned_data[name]
        return self.form.initial.get(name)

    def _text(self, name):
        return {
            "ja": (self._value(f"{name}_ja") or "").strip(),
            "en": (self._value(f"{name}_en") or "").strip(),
        }

    def _row_items(self, prefix):
        """The rows' items. A row with an invalid field keeps its valid ones (cleaned_data
        holds only those), so autosave drops nothing else that was typed."""
        items = []
        for form in self.rows[prefix].forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            item = form.to_item()
            if item is not None:
                items.append(item)
        return items

    def to_content(self):
        """Schema-shaped content from what was posted (call after is_valid())."""
        v = self._value
        content = {
            "title": self._text("title"),
            "summary": self._text("summary"),
            "design_pattern": v("design_pattern") or "standalone",
            "purpose": {
                "aim": self._text("aim"),
                "target_learners": self._text("target_learners"),
                "need_evidence": self._text("need_evidence"),
            },
            "learning_hours": {
                "contact": _number(v("hours_contact")) or 0,
                "self_study": _number(v("hours_self_study")) or 0,
                "assessment": _number(v("hours_assessment")) or 0,
                "credits_claimed": self._row_items("credits"),
            },
            "content": {
                "topics": self._row_items("topics"),
                "delivery_mode": v("delivery_mode") or "",
                "languages": list(v("languages") or []),
                "teaching_methods": self._text("teaching_methods"),
            },
            "level": {
                "framework": v("level_framework") or "JEQF",
                "value": _number(v("level_value")),
            },
            "assessment": {
                "awarded_on": v("awarded_on") or "assessment",
                "methods": list(v("assessment_methods") or []),
                "pass_criteria": self._text("pass_criteria"),
                "grading_scheme": v("grading_scheme") or "pass_fail",
                "supervision": v("supervision") or "",
                "rubric_published": bool(v("rubric_published")),
            },
            "learning_outcomes": self._row_items("outcomes"),
            "prerequisites": self._text("prerequisites"),
            "stackability": {
                "stand_alone": bool(v("stand_alone")),
                "counts_toward": self._row_items("counts_toward"),
            },
            "jurisdiction_profiles": list(v("jurisdiction_profiles") or []),
            "field_of_study": self._field_of_study(),
            "isced_f": v("isced_f") or "",
            "credential_validity_years": v("credential_validity_years"),
            "further_information_url": v("further_information_url") or "",
        }
        if v("fee_amount") is not None:
            content["fee"] = {
                "amount": _number(v("fee_amount")),
                "currency": v("fee_currency") or "",
            }
        return c.prune(content)

    def _field_of_study(self):
        value = self._value("field_of_study")
        return getattr(value, "code", value) or ""

    def provider_reference(self):
        return (self._value("provider_reference") or "").strip()
