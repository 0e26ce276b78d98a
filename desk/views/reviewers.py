"""The secretariat's reviewer pages (/desk/reviewers/): the roster of accredited reviewers,
invitations to apply, applications to accept or refuse, and renewals. The reviewer's own
pages (applying, affiliations) stay with the reviewers (reviewers/views/accrediting.py)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import names, roles
from accreditation.views.helpers import role_required, run_service, service_succeeded
from reviewers import accrediting
from reviewers.access import access_application, access_reviewer_accreditation
from reviewers.accrediting_forms import AcceptForm, InviteForm, RefuseForm, RenewForm

staff_required = role_required(*roles.STAFF_ROLES)


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
    if form.is_valid() and service_succeeded(
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
        and service_succeeded(
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
