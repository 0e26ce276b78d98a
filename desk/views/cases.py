"""The staff desk (/desk/): cases by state, screening (secretariat), decisions (committee).

Composed from the domains: the core's cases, workflow and conditions, and the reviewers'
panels, markers and rounds.
"""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import case_search, roles, selectors, services, workflow
from accreditation.access import access_dossier, has_object_perm
from accreditation.case_search import CaseSearchForm
from accreditation.condition_forms import conditions_from
from accreditation.conditions import overdue_marker
from accreditation.errors import DomainError
from accreditation.models import PUBLISHED, DecisionOutcome, DossierState
from accreditation.revision_forms import comments_from
from accreditation.views.helpers import role_required, run_service
from config.paging import KeysFirstPaginator
from reviewers import rounds
from reviewers.decision_support import decision_panel, disagreement_marker
from reviewers.review_panel import review_panel

desk_required = role_required(*roles.STAFF_ROLES)

S = DossierState

#: The case page's panels, in order: `panel(request, dossier)` gives (template name,
#: context) or None. A panel's context may offer an `accept_option` (and the
#: `accept_option_template` that shows it) for the "accept for review" form.
CASE_PANELS = (review_panel, decision_panel)
#: Flags on the case list's rows: `marker(dossiers)` gives {dossier id: text} for a page, in a
#: fixed number of queries.
ROW_MARKERS = (overdue_marker, disagreement_marker)

#: The services of the desk's forms (workflow.DeskForm) that do more than a plain step
#: (workflow.Step.plain), by workflow step: a new plain step needs no line here.
DESK_SERVICES = {
    "accept_for_review": rounds.accept_for_review,  # and may invite the last round's reviewers
    "return_to_provider": services.dossier_return,
    "reopen_review": services.dossier_reopen_review,
}


def desk_service(step):
    """The service behind a desk form: its own, or the one of every plain step."""
    return DESK_SERVICES.get(step.name) or partial(services.dossier_take_step, step.name)


def available_actions(user, dossier):
    """The desk's forms (their slugs, and "decide") this user may use on the dossier now:
    the steps its state machine allows from here whose permission the user holds."""
    possible = [workflow.step(t.name) for t in dossier.get_available_state_transitions()]
    offered = [s for s in possible if s.desk or s.outcome]
    # One check per permission: a permission held only on some objects costs queries.
    held = {p for p in {s.permission for s in offered} if has_object_perm(user, p, dossier)}
    allowed = [s for s in offered if s.permission in held]
    actions = {s.desk.slug for s in allowed if s.desk}
    if any(s.outcome for s in allowed):
        actions.add("decide")
    if dossier.state == S.APPEALED and user.pk in selectors.first_decider_ids(dossier):
        # Those who took the decision under appeal may not hear it (the services refuse
        # them): offer them no form; the appeal panel says who decides instead.
        actions -= {"decide", workflow.step("reopen_review").desk.slug}
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
    counts = selectors.count_by_state(matching=matching)
    listed = counts[state] if state else sum(counts.values())
    paginator = KeysFirstPaginator(cases, case_search.PER_PAGE, count=listed)
    page = paginator.page(case_search.page_number(request.GET.get("page"), paginator.num_pages))
    page.object_list = _marked(page.object_list)
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


def _marked(dossiers):
    """The page's cases, each with the texts of its flags as `desk_markers`."""
    dossiers = list(dossiers)
    found = [marker(dossiers) for marker in ROW_MARKERS]
    for dossier in dossiers:
        dossier.desk_markers = [texts[dossier.pk] for texts in found if dossier.pk in texts]
    return dossiers


def _panels(request, dossier):
    """[(template name, context)] of the panels that have something to show."""
    shown = (panel(request, dossier) for panel in CASE_PANELS)
    return [panel for panel in shown if panel is not None]


@desk_required
def case_detail(request, pk):
    dossier = access_dossier(request.user, pk)
    versions = list(dossier.versions.all())
    latest = versions[-1] if versions else None
    decisions = list(dossier.decisions.select_related("decided_by"))
    shown = selectors.shown_content(dossier, versions, decisions, working_copy=False)
    actions = available_actions(request.user, dossier)
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
            "actions": actions,
            "screening_steps": _offered("screening", actions),
            "certified_steps": _offered("certified", actions),
            "is_published": dossier.state in PUBLISHED,
            "decision_outcomes": decision_outcomes,
            "panels": _panels(request, dossier),
            # Intake screening of the latest version, on today's reference data (three queries).
            "readiness": latest and selectors.readiness(latest.content),
        },
    )


def _offered(group, actions):
    """The steps of one group of the desk's forms (workflow.DeskForm) the user may take now."""
    return [step for step in workflow.desk_forms(group) if step.desk.slug in actions]


@desk_required
@require_POST
def case_action(request, pk, action):
    dossier = access_dossier(request.user, pk)
    if action not in workflow.BY_DESK_SLUG:
        raise Http404
    step = workflow.BY_DESK_SLUG[action]
    service = desk_service(step)
    extra = {}
    if step.desk.with_comments:  # on fields, which the provider answers before resubmitting
        extra["comments"] = comments_from(request.POST)
    if step.desk.with_round:  # the accept form's "invite the previous round's reviewers"
        extra["invite_previous"] = request.POST.get(rounds.FIELD) == "on"

    def act():
        done = service(
            actor=request.user, dossier=dossier, note=request.POST.get("note", ""), **extra
        )
        if step.desk.with_round:
            _say_who_was_invited(request, *done)

    return run_service(
        request,
        act,
        success=step.desk.success,
        redirect_to=dossier.get_desk_url(),
    )


def _say_who_was_invited(request, invited, skipped):
    if invited:
        messages.info(
            request,
            _("The previous round's reviewers have been invited: %(names)s.")
            % {"names": ", ".join(map(str, invited))},
        )
    if skipped:
        messages.warning(
            request,
            _("Not invited, no longer eligible for this dossier: %(names)s.")
            % {"names": ", ".join(map(str, skipped))},
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
