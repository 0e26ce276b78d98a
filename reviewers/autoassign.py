"""Assign reviewers automatically to a batch of dossiers: propose, then confirm.

The proposal is the optimum of `solver.solve` over the suggestions (conflicted reviewers are
never candidates); staff see it, and confirming invites every proposed reviewer through
`services.assignment_invite` in one transaction: all of them or none.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accreditation.access import require_perm
from accreditation.errors import DomainError
from accreditation.models import Dossier, DossierState

from . import services, solver
from .models import ACTIVE, Assignment, ReviewerProfile
from .suggestions import BEST_PAIR_SCORE, OPEN, candidates_for


def needing_reviewers():
    """Dossiers in review whose latest version has fewer active assignments than
    REVIEWS_REQUIRED, annotated with `needed`, oldest in review first (two subqueries)."""
    latest = (
        Dossier.objects.filter(pk=OuterRef("pk")).annotate(n=Max("versions__number")).values("n")
    )
    active = (
        Assignment.objects.filter(
            version__dossier=OuterRef("pk"), version__number=OuterRef("latest"), state__in=ACTIVE
        )
        .values("version__dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    dossiers = (
        Dossier.objects.filter(state=DossierState.IN_REVIEW)
        .select_related("organisation")
        .annotate(latest=Subquery(latest))
        # 0 for none: one comparison, where "fewer or none" ran the subquery twice a row.
        .annotate(active=Coalesce(Subquery(active), 0))
        .order_by("state_changed_at", "pk")
    )
    return dossiers.filter(active__lt=settings.REVIEWS_REQUIRED)


def needed(dossier):
    return max(0, settings.REVIEWS_REQUIRED - dossier.active)


@dataclass
class Row:
    dossier: object
    needed: int
    chosen: list  # [Suggestion] proposed
    candidates: object  # suggestions.Candidates
    unfilled: int = 0

    @property
    def why_unfilled(self):
        """Why places stay empty, in words staff can act on."""
        if not self.unfilled:
            return ""
        suggested, conflicted = self.candidates.suggested, self.candidates.conflicted
        if not suggested and not conflicted:
            return _("No reviewer is accredited for this dossier's scope.")
        if len(suggested) < self.needed:
            return ngettext(
                "Only %(n)s eligible reviewer has no conflict of interest (%(c)s set aside).",
                "Only %(n)s eligible reviewers have no conflict of interest (%(c)s set aside).",
                len(suggested),
            ) % {"n": len(suggested), "c": len(conflicted)}
        return _("The eligible reviewers without a conflict are at their maximum load.")


@dataclass
class Proposal:
    rows: list
    cost: int = 0
    loads: dict = field(default_factory=dict)  # {reviewer pk: (reviewer, now, after, max)}

    @property
    def load_rows(self):
        """(reviewer, open assignments now, after the batch, maximum), busiest first."""
        return sorted(self.loads.values(), key=lambda row: (-row[2], str(row[0])))

    @property
    def pairs(self):
        return [(row.dossier.pk, s.reviewer.pk) for row in self.rows for s in row.chosen]

    @property
    def unfilled(self):
        return [row for row in self.rows if row.unfilled]


def propose(dossiers, *, today=None) -> Proposal:
    """The optimal assignment for these dossiers (from `needing_reviewers`)."""
    dossiers = [d for d in dossiers if needed(d) > 0]
    candidates = candidates_for(dossiers, today=today)
    by_pair, capacity, load = {}, {}, {}
    for dossier in dossiers:
        for suggestion in candidates[dossier.pk].suggested:
            reviewer_id = suggestion.reviewer.pk
            by_pair[(dossier.pk, reviewer_id)] = suggestion
            capacity[reviewer_id] = suggestion.capacity
            load[reviewer_id] = suggestion.load
    solution = solver.solve(
        needs={d.pk: needed(d) for d in dossiers},
        capacity=capacity,
        current_load=load,
        # Measured down from the best fit, so that no pair's cost is negative.
        pair_cost={pair: BEST_PAIR_SCORE - s.pair_score for pair, s in by_pair.items()},
    )
    chosen = {}
    for pair in solution.pairs:
        chosen.setdefault(pair[0], []).append(by_pair[pair])
    rows = [
        Row(
            dossier=d,
            needed=needed(d),
            chosen=sorted(chosen.get(d.pk, []), key=lambda s: -s.score),
            candidates=candidates[d.pk],
            unfilled=solution.unfilled.get(d.pk, 0),
        )
        for d in dossiers
    ]
    added = {}
    for _dossier, reviewer_id in solution.pairs:
        added[reviewer_id] = added.get(reviewer_id, 0) + 1
    loads = {
        s.reviewer.pk: (s.reviewer, s.load, s.load + added[s.reviewer.pk], s.reviewer.max_load)
        for row in rows
        for s in row.chosen
    }
    return Proposal(rows=rows, cost=solution.cost, loads=loads)


@transaction.atomic
def assignment_invite_batch(*, actor, pairs) -> list:
    """Invite each (dossier pk, reviewer pk) pair, all or none. A refusal names the pair.

    Load may have changed since the proposal: a pair that would take a reviewer over their
    maximum load is refused, as is a conflicted one (assignment_invite checks it).
    """
    require_perm(actor, "reviewers.add_assignment")
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        raise DomainError(_("There is nothing to assign."))
    dossiers = Dossier.objects.in_bulk({d for d, _r in pairs})
    reviewers = ReviewerProfile.objects.select_related("user").in_bulk({r for _d, r in pairs})
    if len(dossiers) != len({d for d, _r in pairs}) or len(reviewers) != len(
        {r for _d, r in pairs}
    ):
        raise DomainError(_("The proposal is out of date: reload it."), code="stale")
    _check_loads(pairs, reviewers)
    invited = []
    for dossier_id, reviewer_id in pairs:
        dossier, reviewer = dossiers[dossier_id], reviewers[reviewer_id]
        try:
            invited.append(
                services.assignment_invite(actor=actor, dossier=dossier, reviewer=reviewer)
            )
        except DomainError as refused:
            raise DomainError(
                _("%(reviewer)s could not be invited to “%(dossier)s”: %(reason)s")
                % {"reviewer": reviewer, "dossier": dossier, "reason": refused.message},
                code=refused.code,
                details=refused.details,
            ) from refused
    return invited


def _check_loads(pairs, reviewers):
    """Refuse the batch if it would give anyone more open assignments than their maximum."""
    open_now = dict(
        Assignment.objects.filter(reviewer_id__in=reviewers, state__in=OPEN)
        .values("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    adding = {}
    for _dossier, reviewer_id in pairs:
        adding[reviewer_id] = adding.get(reviewer_id, 0) + 1
    over = [
        str(reviewers[r])
        for r, n in adding.items()
        if open_now.get(r, 0) + n > reviewers[r].max_load
    ]
    if over:
        raise DomainError(
            _("This would take reviewers over their maximum load."),
            code="load",
            details=over,
        )
