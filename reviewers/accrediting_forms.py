"""Forms of reviewer accreditation. They parse what was typed; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models import FieldOfStudy, ProviderOrganisation

from .accrediting import LEVEL_HIGHEST, LEVEL_LOWEST, REVIEW_LANGUAGES
from .models import Affiliation

LEVELS = [(n, str(n)) for n in range(LEVEL_LOWEST, LEVEL_HIGHEST + 1)]


class DateInput(forms.DateInput):
    input_type = "date"


class ScopeForm(forms.Form):
    """Fields of study, levels and languages: what an accreditation covers."""

    fields_of_study = forms.ModelMultipleChoiceField(
        label=_("Fields of study"),
        queryset=FieldOfStudy.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    level_min = forms.TypedChoiceField(
        label=_("Lowest level"), choices=LEVELS, coerce=int, initial=LEVEL_LOWEST
    )
    level_max = forms.TypedChoiceField(
        label=_("Highest level"),
        choices=LEVELS,
        coerce=int,
        initial=LEVEL_HIGHEST,
        help_text=_(
            "On the 8 levels of JEQF and EQF; dossiers on 10-level frameworks (AQF, NZQF, "
            "NSQF) are referenced onto them."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you review in"),
        choices=REVIEW_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can review a dossier taught in at least one of these languages."),
    )


class ApplicationForm(ScopeForm):
    expertise = forms.CharField(
        label=_("Expertise statement"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your qualifications, experience of teaching and of quality assurance."),
    )
    invitation = forms.CharField(required=False, widget=forms.HiddenInput)


class AffiliationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Provider organisation"),
        queryset=ProviderOrganisation.objects.order_by("name_en"),
        required=False,
        help_text=_("Choose it if it is a provider in the system; otherwise type its name."),
    )
    organisation_name = forms.CharField(
        label=_("Other organisation"), max_length=200, required=False
    )
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=Affiliation.Relationship.choices
    )
    started_on = forms.DateField(label=_("From"), widget=DateInput)
    ended_on = forms.DateField(label=_("Until"), widget=DateInput, required=False)


#: The affiliations declared with an application: rows left empty are ignored.
AffiliationFormSet = forms.formset_factory(AffiliationForm, extra=3, max_num=20)


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class AcceptForm(ScopeForm):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput)
    training_record = forms.CharField(
        label=_("Training record"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    @classmethod
    def for_application(cls, application, data=None):
        today = timezone.localdate()
        initial = {
            "fields_of_study": list(application.fields_of_study.all()),
            "level_min": int(application.level_min),
            "level_max": int(application.level_max),
            "languages": application.languages,
            "valid_from": today,
            "valid_until": _years_later(today, 3),
        }
        return cls(data, initial=initial)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant is told this reason."),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))


class RenewForm(forms.Form):
    valid_until = forms.DateField(label=_("New end date"), widget=DateInput)
    valid_from = forms.DateField(
        label=_("Start date"),
        widget=DateInput,
        required=False,
        help_text=_("Only for an accreditation that has already ended: today if left empty."),
    )
    training = forms.CharField(
        label=_("Training completed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Appended to the training record with today's date."),
    )


class EndAffiliationForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput, required=False)
