"""The staff desk (/desk/): cases by state, screening (secretariat), decisions (committee)."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accreditation import case_search, desk_panels, roles, selectors, services
from accreditation.access import access_dossier, has_object_perm
from accreditation.case_search import CaseSearchForm
from accreditation.condition_forms import conditions_from
from accreditation.errors import DomainError
from accreditation.models import PUBLISHED, DecisionOutcome, DossierState
from accreditation.revision_forms import comments_from
from config.paging import KeysFirstPaginator

from .helpers import role_required, run_service

desk_required = role_required(*roles.STAFF_ROLES)

S = DossierState
SCREEN = "accreditation.screen_dossier"
DECIDE = "accreditation.decide_dossier"

#: Actions that take a note: service, the permission it needs, the states it applies to.
NOTE_ACTIONS = {
    "accept": (services.dossier_accept_for_review, SCREEN, [S.SUBMITTED]),
    "return": (services.dossier_return, SCREEN, [S.SUBMITTED]),
    "screen-out": (services.dossier_screen_out, SCREEN, [S.SUBMITTED]),
    "reopen": (services.dossier_reopen_review, DECIDE, [S.APPEALED]),
    "suspend": (services.dossier_suspend, DECIDE, [S.ACCREDITED]),
    "reinstate": (services.dossier_reinstate, DECIDE, [S.SUSPENDED]),
    "revoke": (services.dossier_revoke, DECIDE, [S.ACCREDITED, S.SUSPENDED]),
}
SUCCESS = {
    "accept": gettext_lazy("The dossier is now in review. Assign reviewers below."),
    "return": gettext_lazy("The dossier has been returned to the provider."),
    "screen-out": gettext_lazy("The dossier has been screened out."),
    "reopen": gettext_lazy("The appeal is upheld: the dossier is back in review."),
    "suspend": gettext_lazy("The item is suspended."),
    "reinstate": gettext_lazy("The item is reinstated."),
    "revoke": gettext_lazy("The item is revoked."),
}
DECISION_STATES = [S.AWAITING_DECISION, S.APPEALED]


def available_actions(user, dossier):
    """The action names this user may take on the dossier in its current state."""
    actions = {
        name
        for name, (_service, perm, states) in NOTE_ACTIONS.items()
        if dossier.state in states and has_object_perm(user, perm, dossier)
    }
    if dossier.state in DECISION_STATES and has_object_perm(user, DECIDE, dossier):
        actions.add("decide")
    if dossier.state == S.APPEALED and user.pk in selectors.first_decider_ids(dossier):
        # Those who took the decision under appeal may not hear it (the services refuse
        # them): offer them no form; the appeal panel says who decides instead.
        actions -= {"decide", "reopen"}
    return actions


@desk_required
def case_list(request):
    """Cases by state, searched by words, 50 a page; every state of the page is its URL."""
    form = CaseSearchForm(request.GET)
    if not form.is_valid():
        return render(
            request, "accreditation/desk/case_list.html", {"form": form, "page": None}, status=400
        )
    q, state, terms = form.cleaned_data["q"], form.cleaned_data["state"], form.terms()
    # The providers the words name are looked up once, for the page and the counts.
    matching = case_search.matching(terms) if terms else None
    cases = selectors.desk_cases(state=state, matching=matching)
    paginator = KeysFirstPaginator(cases, case_search.PER_PAGE)
    page = paginator.page(case_search.page_number(request.GET.get("page"), paginator.num_pages))
    page.object_list = desk_panels.mark(page.object_list)  # "reviewers disagree"...
    counts = selectors.count_by_state(matching=matching)
    return render(
        request,
        "accreditation/desk/case_list.html",
        {
            "form": form,
            "page": page,
            "q": q,
            "state": state,
            **case_search.navigation(page, q=q, state=state, counts=counts),
        },
    )


@desk_required
def case_detail(request, pk):
    dossier = access_dossier(request.user, pk)
    versions = list(dossier.versions.all())
    latest = versions[-1] if versions else None
    decisions = list(dossier.decisions.select_related("decided_by"))
    shown = selectors.shown_content(dossier, versions, decisions, working_copy=False)
    decision_outcomes = DecisionOutcome.choices
    if dossier.state == S.APPEALED:
        decision_outcomes = [c for c in decision_outcomes if c[0] != "revisions_requested"]
    return render(
        request,
        "accreditation/desk/case_detail.html",
        {
            "dossier": dossier,
            "version": latest,
            "content": shown.content,
            "shown": shown,
            "versions": versions,
            "decisions": decisions,
            "timeline": selectors.timeline(dossier, for_provider=False),
            "actions": available_actions(request.user, dossier),
            "is_published": dossier.state in PUBLISHED,
            "decision_outcomes": decision_outcomes,
            "panels": desk_panels.render_context(request, dossier),
            # Intake screening of the latest version, on today's reference data (three queries).
            "readiness": latest and selectors.readiness(latest.content),
        },
    )


@desk_required
@require_POST
def case_action(request, pk, action):
    dossier = access_dossier(request.user, pk)
    if action not in NOTE_ACTIONS:
        raise Http404
    service = NOTE_ACTIONS[action][0]
    # A return may carry comments on fields, which the provider answers before resubmitting.
    extra = {"comments": comments_from(request.POST)} if action == "return" else {}

    @transaction.atomic
    def act():
        service(actor=request.user, dossier=dossier, note=request.POST.get("note", ""), **extra)
        desk_panels.after_action(request, dossier, action)  # e.g. invite the last round's reviewers

    return run_service(
        request,
        act,
        success=SUCCESS[action],
        redirect_to=dossier.get_desk_url(),
    )


def _valid_years(raw):
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise DomainError(_("The validity period must be a whole number of years.")) from None


@desk_required
@require_POST
def case_decide(request, pk):
    dossier = access_dossier(request.user, pk)

    def decide():
        services.dossier_decide(
            actor=request.user,
            dossier=dossier,
            outcome=request.POST.get("outcome", ""),
            rationale=request.POST.get("rationale", ""),
            valid_years=_valid_years(request.POST.get("valid_years")),
            comments=comments_from(request.POST),
            conditions=conditions_from(request.POST),
        )

    return run_service(
        request,
        decide,
        success=_("The decision has been recorded."),
        redirect_to=dossier.get_desk_url(),
    )
