"""Reviewer accreditation pages: applying (/review/apply/), standing affiliations
(/review/affiliations/), and the staff's reviewers page (/desk/reviewers/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import names, roles
from accreditation.errors import DomainError
from accreditation.views.helpers import report_error, role_required, run_service
from reviewers import accrediting
from reviewers.access import access_application, access_reviewer_accreditation
from reviewers.accrediting_forms import (
    AcceptForm,
    AffiliationForm,
    AffiliationFormSet,
    ApplicationForm,
    EndAffiliationForm,
    InviteForm,
    RefuseForm,
    RenewForm,
)
from reviewers.models import Affiliation, ApplicationState, ReviewerApplication

reviewer_required = role_required(roles.REVIEWER)
staff_required = role_required(*roles.STAFF_ROLES)


def _service_succeeded(request, call, success):
    """Run a service from a form view: True on success (message shown), False on refusal."""
    try:
        call()
    except DomainError as error:
        report_error(request, error)
        return False
    messages.success(request, success)
    return True


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
        submitted = _service_succeeded(
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
        and _service_succeeded(
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


# Staff: reviewers, applications, invitations, renewal.


@staff_required
def reviewer_list(request):
    """Every reviewer with the accreditation that counts today, its scope, validity and
    status; pending applications and the invitation form for the secretariat."""
    if not request.user.has_perm("reviewers.view_reviewerprofile"):
        raise Http404
    today = timezone.localdate()
    status = request.GET.get("status", "")
    if status not in accrediting.Status.LABELS:
        status = ""
    rows = accrediting.reviewer_roster(today, status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    handles_applications = request.user.has_perm("reviewers.view_reviewerapplication")
    context = {
        "page": page,
        "status": status,
        "statuses": list(accrediting.Status.LABELS.items()),
        "labels": accrediting.Status.LABELS,
        "handles_applications": handles_applications,
        "can_renew": request.user.has_perm(accrediting.RENEW_PERM),
        "today": today,
    }
    if handles_applications:
        context.update(
            applications=list(accrediting.pending_applications()),
            decided=list(accrediting.recent_decisions()),
            invite_form=InviteForm(),
        )
    return render(request, "reviewers/desk/reviewer_list.html", context)


@staff_required
def application_detail(request, pk):
    application = access_application(request.user, pk)
    return render(
        request,
        "reviewers/desk/application.html",
        {
            "application": application,
            "accept_form": AcceptForm.for_application(application),
            "refuse_form": RefuseForm(),
        },
    )


@staff_required
@require_POST
def application_accept(request, pk):
    application = access_application(request.user, pk, accrediting.APPLICATION_PERM)
    form = AcceptForm.for_application(application, request.POST)
    if form.is_valid() and _service_succeeded(
        request,
        lambda: accrediting.application_accept(
            actor=request.user, application=application, **form.cleaned_data
        ),
        _("%(name)s is now an accredited reviewer.") % {"name": _name(application.applicant)},
    ):
        return redirect("desk:reviewers")
    return render(
        request,
        "reviewers/desk/application.html",
        {"application": application, "accept_form": form, "refuse_form": RefuseForm()},
    )


@staff_required
@require_POST
def application_refuse(request, pk):
    application = access_application(request.user, pk, accrediting.APPLICATION_PERM)
    return run_service(
        request,
        lambda: accrediting.application_refuse(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        ),
        success=_("The application has been refused; the applicant is told why."),
        redirect_to=reverse("desk:reviewer_application", args=[application.pk]),
    )


@staff_required
@require_POST
def invite_to_apply(request):
    if not request.user.has_perm(accrediting.APPLICATION_PERM):
        raise Http404
    form = InviteForm(request.POST)
    email = form.cleaned_data["email"] if form.is_valid() else request.POST.get("email", "")
    return run_service(
        request,
        lambda: accrediting.invite_to_apply(actor=request.user, email=email),
        success=_("An invitation to apply has been emailed to %(email)s.") % {"email": email},
        redirect_to=reverse("desk:reviewers"),
    )


@staff_required
def renew(request, pk):
    accreditation = access_reviewer_accreditation(request.user, pk)
    form = RenewForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _service_succeeded(
            request,
            lambda: accrediting.accreditation_renew(
                actor=request.user, accreditation=accreditation, **form.cleaned_data
            ),
            _("The accreditation has been renewed."),
        )
    ):
        return redirect("desk:reviewers")
    today = timezone.localdate()
    return render(
        request,
        "reviewers/desk/renew.html",
        {
            "accreditation": accreditation,
            "form": form,
            "status": accrediting.status_of(accreditation, today),
            "labels": accrediting.Status.LABELS,
        },
    )


def _name(user):
    return names.display_name(user)
