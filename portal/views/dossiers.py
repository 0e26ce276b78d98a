"""The provider portal (/portal/): a provider's dossiers, from draft to certification."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import roles, selectors, services
from accreditation.access import access_dossier, has_object_perm
from accreditation.dossier_form import HELP, DossierEditor
from accreditation.errors import DomainError
from accreditation.models import BEFORE_DECISION, PUBLISHED, DossierState
from accreditation.views.helpers import report_error, role_required, run_service
from config.paging import KeysFirstPaginator
from reviewers.blind import provider_reviews

provider_required = role_required(roles.PROVIDER)


@provider_required
def dossier_list(request):
    return render(
        request,
        "accreditation/portal/dossier_list.html",
        {
            # The page's keys through the provider's access; its rows by key.
            "page": KeysFirstPaginator(
                selectors.provider_dossiers(request.user), 50, rows=selectors.listed_dossiers()
            ).get_page(request.GET.get("page")),
            "organisations": selectors.organisations_for_new_dossier(request.user),
            "member_organisations": selectors.member_organisations(request.user),
        },
    )


def _save(request, editor, *, dossier=None, organisation=None):
    """Save what is valid in the editor: create the draft or update it. Returns the dossier,
    or None when the service refused (the message is shown)."""
    editor.is_valid()
    content = editor.to_content()
    try:
        if dossier is None:
            return services.dossier_create(
                actor=request.user,
                organisation=organisation,
                content=content,
                provider_reference=editor.provider_reference(),
            )
        return services.dossier_update(
            actor=request.user,
            dossier=dossier,
            content=content,
            provider_reference=editor.provider_reference(),
        )
    except DomainError as error:
        report_error(request, error)
        return None


def _render_editor(request, editor, *, dossier=None, organisation, organisations=()):
    return render(
        request,
        "accreditation/portal/dossier_form.html",
        {
            "editor": editor,
            "form": editor.form,
            "help": HELP,
            "dossier": dossier,
            "organisation": organisation,
            "organisations": organisations,
            "readiness": selectors.readiness(editor.content),
        },
    )


@provider_required
def dossier_create(request):
    organisations = list(selectors.organisations_for_new_dossier(request.user))
    if not organisations:
        raise Http404
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = next((o for o in organisations if str(o.pk) == chosen), organisations[0])
    if request.method != "POST":
        editor = DossierEditor()
        return _render_editor(
            request, editor, organisation=organisation, organisations=organisations
        )
    editor = DossierEditor(request.POST)
    dossier = _save(request, editor, organisation=organisation)
    if dossier is None:
        return _render_editor(
            request, editor, organisation=organisation, organisations=organisations
        )
    return _after_save(request, editor, dossier)


@provider_required
def dossier_edit(request, pk):
    dossier = access_dossier(request.user, pk, "accreditation.change_dossier")
    if not dossier.is_editable():
        messages.error(request, _("This dossier cannot be edited in its current state."))
        return redirect("portal:detail", pk=dossier.pk)
    data = request.POST if request.method == "POST" else None
    editor = DossierEditor(
        data, content=dossier.content, provider_reference=dossier.provider_reference
    )
    if request.method != "POST":
        return _render_editor(request, editor, dossier=dossier, organisation=dossier.organisation)
    saved = _save(request, editor, dossier=dossier)
    if saved is None:
        return _render_editor(request, editor, dossier=dossier, organisation=dossier.organisation)
    return _after_save(request, editor, saved)


def _after_save(request, editor, dossier):
    """Back to the dossier when everything was valid; otherwise the form again, bound to what
    was typed, with the errors, and the valid parts already saved."""
    if editor.error_count() == 0:
        messages.success(request, _("Draft saved."))
        return redirect("portal:detail", pk=dossier.pk)
    messages.warning(
        request,
        _("Draft saved, except the fields marked below: correct them and save again."),
    )
    editor.content = dossier.content
    return _render_editor(request, editor, dossier=dossier, organisation=dossier.organisation)


@provider_required
@require_POST
def dossier_autosave(request, pk):
    """Save the form in the background (the page's script calls this every few seconds).

    Answers JSON: when it was saved, what could not be saved, and the refreshed screening.
    """
    dossier = access_dossier(request.user, pk, "accreditation.change_dossier")
    editor = DossierEditor(
        request.POST, content=dossier.content, provider_reference=dossier.provider_reference
    )
    editor.is_valid()
    try:
        dossier = services.dossier_update(
            actor=request.user,
            dossier=dossier,
            content=editor.to_content(),
            provider_reference=editor.provider_reference(),
        )
    except DomainError as error:
        return JsonResponse({"saved": False, "errors": [str(error.message)]}, status=409)
    readiness = selectors.readiness(dossier.content)
    return JsonResponse(
        {
            "saved": True,
            "saved_at": timezone.localtime(dossier.updated_at).strftime("%H:%M:%S"),
            "errors": editor.errors_as_lines(),
            "eligible": readiness["screening"]["eligible"],
            "screening_html": render_to_string(
                "includes/screening_report.html",
                {"screening": readiness["screening"], "problems": readiness["problems"]},
                request=request,
            ),
        }
    )


@provider_required
def dossier_detail(request, pk):
    dossier = access_dossier(request.user, pk)
    can_act = has_object_perm(request.user, "accreditation.submit_dossier", dossier)
    versions = list(dossier.versions.all())
    decisions = list(dossier.decisions.all())
    shown = selectors.shown_content(dossier, versions, decisions)
    return render(
        request,
        "accreditation/portal/dossier_detail.html",
        {
            "dossier": dossier,
            "content": shown.content,
            "shown": shown,
            "versions": versions,
            "decisions": decisions,
            "timeline": selectors.timeline(dossier, for_provider=True),
            "blind_reviews": provider_reviews(dossier),
            "readiness": dossier.is_editable() and selectors.readiness(dossier.content),
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
