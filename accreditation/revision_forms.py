"""The desk's rows of comments on fields, sent with a return or a revision request."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from accreditation.services.revisions import field_choices


class RevisionCommentForm(forms.Form):
    """One comment on one field. Rows are checked by the service (known field, some text), so
    the form accepts anything and only carries the values."""

    pointer = forms.CharField(
        label=_("Field"),
        required=False,
        widget=forms.Select(choices=lambda: [("", "—"), *field_choices()]),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


RevisionCommentFormSet = formset_factory(RevisionCommentForm, extra=3, max_num=20)


def comments_from(data):
    """The rows posted with the desk's form, as the services take them."""
    formset = RevisionCommentFormSet(data, prefix="comments")
    if not formset.is_valid():
        return []
    return [
        {key: form.cleaned_data.get(key, "") for key in ("pointer", "comment")}
        for form in formset.forms
    ]
