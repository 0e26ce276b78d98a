"""The reviewer's accreditation pages: applying (/review/apply/) and standing affiliations
(/review/affiliations/). The secretariat's side is on the desk (desk/views/reviewers.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.views.helpers import role_required, run_service, service_succeeded
from reviewers import accrediting
from reviewers.accrediting_forms import (
    AffiliationForm,
    AffiliationFormSet,
    ApplicationForm,
    EndAffiliationForm,
)
from reviewers.models import Affiliation, ApplicationState, ReviewerApplication

reviewer_required = role_required(roles.REVIEWER)


# The applicant.


def _declared(formset):
    """The affiliation rows the applicant filled in, as service arguments."""
    return [form.cleaned_data for form in formset if form.has_changed()]


@login_required
def apply(request):
    """Apply to become a reviewer; once applied, the page shows where the application is."""
    mine = list(
        ReviewerApplication.objects.filter(applicant=request.user).order_by("-created_at", "-pk")
    )
    pending = next((a for a in mine if a.state == ApplicationState.PENDING), None)
    invitation = request.POST.get("invitation") or request.GET.get("invitation", "")
    if invitation and accrediting.read_invitation(invitation, request.user.email) is None:
        messages.warning(
            request,
            _("This invitation link is not valid for your email address or has expired."),
        )
        invitation = ""
    form = ApplicationForm(request.POST or None, initial={"invitation": invitation})
    formset = AffiliationFormSet(request.POST or None, prefix="affiliation")
    if request.method == "POST" and pending is None and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        submitted = service_succeeded(
            request,
            lambda: accrediting.application_submit(
                actor=request.user,
                fields_of_study=data["fields_of_study"],
                level_min=data["level_min"],
                level_max=data["level_max"],
                languages=data["languages"],
                expertise=data["expertise"],
                affiliations=_declared(formset),
                invitation=invitation,
            ),
            _("Thank you. The secretariat will review your application."),
        )
        if submitted:
            return redirect("review:apply")
    return render(
        request,
        "reviewers/apply.html",
        {"form": form, "formset": formset, "applications": mine, "pending": pending},
    )


# The reviewer's standing affiliations.


@reviewer_required
def affiliations(request):
    form = AffiliationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_succeeded(
            request,
            lambda: accrediting.affiliation_add(actor=request.user, **form.cleaned_data),
            _("The affiliation has been declared."),
        )
    ):
        return redirect("review:affiliations")
    rows = (
        Affiliation.objects.filter(reviewer__user=request.user)
        .select_related("organisation")
        .order_by("ended_on", "-started_on", "pk")
    )
    return render(
        request,
        "reviewers/affiliations.html",
        {"form": form, "affiliations": rows, "end_form": EndAffiliationForm()},
    )


@reviewer_required
@require_POST
def affiliation_end(request, pk):
    affiliation = Affiliation.objects.filter(pk=pk, reviewer__user=request.user).first()
    if affiliation is None:
        raise Http404
    form = EndAffiliationForm(request.POST)
    ended_on = form.cleaned_data["ended_on"] if form.is_valid() else None
    return run_service(
        request,
        lambda: accrediting.affiliation_end(
            actor=request.user, affiliation=affiliation, ended_on=ended_on
        ),
        success=_("The affiliation has been ended."),
        redirect_to=reverse("review:affiliations"),
    )
