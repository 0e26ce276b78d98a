"""The provider portal (/portal/): a provider's dossiers, from draft to certification."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import content as dossier_content
from accreditation import roles, selectors, services
from accreditation.access import access_dossier, has_object_perm
from accreditation.errors import DomainError
from accreditation.forms import (
    DossierForm,
    OutcomeFormSet,
    TopicFormSet,
    outcomes_from,
    outcomes_initial,
    topics_from,
    topics_initial,
)
from accreditation.models import BEFORE_DECISION, PUBLISHED, DossierState

from .helpers import report_error, role_required, run_service

provider_required = role_required(roles.PROVIDER)


@provider_required
def dossier_list(request):
    return render(
        request,
        "accreditation/portal/dossier_list.html",
        {
            "page": Paginator(selectors.provider_dossiers(request.user), 50).get_page(
                request.GET.get("page")
            ),
            "organisations": selectors.organisations_for_new_dossier(request.user),
        },
    )


def _bound_forms(request, initial=None, content=None):
    data = request.POST if request.method == "POST" else None
    content = content or {}
    return (
        DossierForm(data, initial=initial),
        TopicFormSet(data, prefix="topics", initial=topics_initial(content)),
        OutcomeFormSet(data, prefix="outcomes", initial=outcomes_initial(content)),
    )


def _content_from(form, topics, outcomes):
    """The content if all three forms are valid, else None (the forms keep what was typed)."""
    if form.is_valid() and topics.is_valid() and outcomes.is_valid():
        return form.to_content(topics_from(topics), outcomes_from(outcomes))
    return None


@provider_required
def dossier_create(request):
    organisations = list(selectors.organisations_for_new_dossier(request.user))
    if not organisations:
        raise Http404
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = next((o for o in organisations if str(o.pk) == chosen), organisations[0])
    form, topics, outcomes = _bound_forms(request)
    if request.method == "POST":
        content = _content_from(form, topics, outcomes)
        if content is not None:
            try:
                dossier = services.dossier_create(
                    actor=request.user,
                    organisation=organisation,
                    content=content,
                    provider_reference=form.cleaned_data["provider_reference"],
                )
            except DomainError as error:
                report_error(request, error)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("portal:detail", pk=dossier.pk)
    return render(
        request,
        "accreditation/portal/dossier_form.html",
        {
            "form": form,
            "topics": topics,
            "outcomes": outcomes,
            "organisation": organisation,
            "organisations": organisations,
        },
    )


@provider_required
def dossier_edit(request, pk):
    dossier = access_dossier(request.user, pk, "accreditation.change_dossier")
    if not dossier.is_editable():
        messages.error(request, _("This dossier cannot be edited in its current state."))
        return redirect("portal:detail", pk=dossier.pk)
    form, topics, outcomes = _bound_forms(
        request, initial=DossierForm.initial_from(dossier), content=dossier.content
    )
    if request.method == "POST":
        content = _content_from(form, topics, outcomes)
        if content is not None:
            try:
                services.dossier_update(actor=request.user, dossier=dossier, content=content)
            except DomainError as error:
                report_error(request, error)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("portal:detail", pk=dossier.pk)
    return render(
        request,
        "accreditation/portal/dossier_form.html",
        {
            "form": form,
            "topics": topics,
            "outcomes": outcomes,
            "dossier": dossier,
            "organisation": dossier.organisation,
        },
    )


@provider_required
def dossier_detail(request, pk):
    dossier = access_dossier(request.user, pk)
    can_act = has_object_perm(request.user, "accreditation.submit_dossier", dossier)
    return render(
        request,
        "accreditation/portal/dossier_detail.html",
        {
            "dossier": dossier,
            "content": dossier.content,
            "versions": dossier.versions.all(),
            "decisions": dossier.decisions.all(),
            "timeline": selectors.timeline(dossier, for_provider=True),
            "missing": dossier.is_editable()
            and dossier_content.missing_for_submission(dossier.content),
            "can_edit": can_act and dossier.is_editable(),
            "can_withdraw": can_act and dossier.state in BEFORE_DECISION,
            "can_appeal": can_act and dossier.appeal_window_open(),
            "is_published": dossier.state in PUBLISHED,
            "can_renew": can_act
            and dossier.state in (DossierState.ACCREDITED, DossierState.EXPIRED),
        },
    )


@provider_required
@require_POST
def dossier_submit(request, pk):
    dossier = access_dossier(request.user, pk)
    return run_service(
        request,
        lambda: services.dossier_submit(actor=request.user, dossier=dossier),
        success=_("Submitted. The secretariat will screen your dossier."),
        redirect_to=dossier.get_portal_url(),
    )


@provider_required
@require_POST
def dossier_withdraw(request, pk):
    dossier = access_dossier(request.user, pk)
    return run_service(
        request,
        lambda: services.dossier_withdraw(
            actor=request.user, dossier=dossier, reason=request.POST.get("reason", "")
        ),
        success=_("The dossier has been withdrawn."),
        redirect_to=dossier.get_portal_url(),
    )


@provider_required
@require_POST
def dossier_appeal(request, pk):
    dossier = access_dossier(request.user, pk)
    return run_service(
        request,
        lambda: services.dossier_appeal(
            actor=request.user, dossier=dossier, reasons=request.POST.get("reasons", "")
        ),
        success=_("Your appeal has been lodged."),
        redirect_to=dossier.get_portal_url(),
    )


@provider_required
@require_POST
def dossier_renew(request, pk):
    dossier = access_dossier(request.user, pk)
    try:
        renewal = services.dossier_renew(actor=request.user, dossier=dossier)
    except DomainError as error:
        report_error(request, error)
        return redirect(dossier.get_portal_url())
    messages.success(request, _("A renewal draft has been created from the last version."))
    return redirect(renewal.get_portal_url())
