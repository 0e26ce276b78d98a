"""Ranked reviewer suggestions for dossiers in review, each factor explained.

Candidates are `selectors.eligible_reviewers` (accredited today for the dossier's scope, not
already on it); those with an automatic conflict of interest are set apart with their reasons.
The rest are scored:

- scope: accredited for the dossier's field of study exactly (+3);
- language: accredited for every language the dossier is taught in (+2), some of them (+1);
- continuity: reviewed an earlier version of this dossier (+3);
- recent history: each review of this provider in the last 12 months (−2, at most −4);
- load: each open assignment (invited or accepted) (−1). Automatic assignment leaves this
  factor out of the pair's score and balances load itself (see `solver`).

Each suggestion carries the reviewer's email and current affiliations, which tell staff who
the person is (names repeat; the README's walkthrough names reviewers by email).

Queries: those of `eligible_reviewers` for each dossier, then six whatever the number of
reviewers, dossiers and assignments.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors
from .conflicts import conflicts_matrix
from .models import (
    Affiliation,
    Assignment,
    AssignmentState,
    ReviewerAccreditation,
    ReviewerProfile,
)

A = AssignmentState
FIELD_EXACT = 3
LANGUAGE_ALL = 2
LANGUAGE_SOME = 1
CONTINUITY = 3
PROVIDER_RECENT = -2
PROVIDER_RECENT_CAP = 2
LOAD = -1
#: The best fit of a reviewer to a dossier (`Suggestion.pair_score`): every factor that adds
#: points (the exact field, all the dossier's languages, continuity), none that takes any away.
BEST_PAIR_SCORE = FIELD_EXACT + max(LANGUAGE_ALL, LANGUAGE_SOME) + CONTINUITY
HISTORY_DAYS = 365
#: States in which an assignment takes the reviewer's time.
OPEN = [A.INVITED, A.ACCEPTED]


@dataclass
class Factor:
    label: str
    points: int


@dataclass
class Suggestion:
    reviewer: ReviewerProfile
    load: int
    provider_reviews: int = 0
    continuity: bool = False
    factors: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    #: The organisations the reviewer declares a current affiliation with, by name.
    affiliations: list = field(default_factory=list)

    @property
    def pair_score(self):
        """The fit of this reviewer to this dossier, load aside."""
        return sum(f.points for f in self.factors)

    @property
    def load_points(self):
        return LOAD * self.load

    @property
    def score(self):
        return self.pair_score + self.load_points

    @property
    def capacity(self):
        """How many more open assignments automatic assignment may give this reviewer."""
        return max(0, self.reviewer.max_load - self.load)


@dataclass
class Candidates:
    """For one dossier: suggested reviewers best first, and those set apart for a conflict."""

    dossier: object
    suggested: list
    conflicted: list


def _languages(dossier):
    content = dossier.content.get("content") or {}
    return set(content.get("languages") or [])


def _scopes(reviewer_ids, today):
    """{reviewer id: (field codes, languages)} over their accreditations valid today."""
    accreditations = ReviewerAccreditation.objects.filter(
        reviewer_id__in=reviewer_ids, valid_from__lte=today, valid_until__gte=today
    ).prefetch_related("fields_of_study")
    scopes = defaultdict(lambda: (set(), set()))
    for accreditation in accreditations:
        fields, languages = scopes[accreditation.reviewer_id]
        fields.update(f.code for f in accreditation.fields_of_study.all())
        languages.update(accreditation.languages)
    return scopes


def _loads(reviewer_ids):
    rows = (
        Assignment.objects.filter(reviewer_id__in=reviewer_ids, state__in=OPEN)
        .values("reviewer_id")
        .annotate(n=Count("pk"))
    )
    return {row["reviewer_id"]: row["n"] for row in rows}


def _history(reviewer_ids, dossiers, now):
    """(recent reviews per (reviewer, organisation, dossier), set of (reviewer, dossier) with a
    submitted review of an earlier version).

    One query, the union of two: an OR of conditions on the assignment, its version and its
    dossier could only be tested on the join of all three tables, read whole.
    """
    cutoff = now - timedelta(days=HISTORY_DAYS)
    columns = (
        "pk",  # keeps apart two assignments alike in every other column
        "reviewer_id",
        "version__dossier_id",
        "version__dossier__organisation_id",
        "invited_at",
    )
    theirs = Assignment.objects.filter(reviewer_id__in=reviewer_ids).order_by()
    of_the_providers = theirs.filter(
        version__dossier__organisation_id__in={d.organisation_id for d in dossiers},
        invited_at__gte=cutoff,
        state__in=[A.ACCEPTED, A.SUBMITTED],
    )
    of_the_dossiers = theirs.filter(
        version__dossier_id__in=[d.pk for d in dossiers], state=A.SUBMITTED
    )
    rows = of_the_providers.values_list(*columns).union(of_the_dossiers.values_list(*columns))
    recent = defaultdict(Counter)  # (reviewer, organisation) → Counter of dossier ids
    earlier = set()
    for _pk, reviewer_id, dossier_id, organisation_id, invited_at in rows:
        if invited_at >= cutoff:
            recent[(reviewer_id, organisation_id)][dossier_id] += 1
        earlier.add((reviewer_id, dossier_id))
    return recent, earlier


def _factors(suggestion, dossier, scope, languages_wanted):
    fields, languages = scope
    factors = []
    if dossier.content.get("field_of_study") in fields:
        factors.append(Factor(_("accredited for this field of study"), FIELD_EXACT))
    covered = languages_wanted & languages
    if languages_wanted and covered == languages_wanted:
        factors.append(Factor(_("reviews in the dossier's languages"), LANGUAGE_ALL))
    elif covered:
        factors.append(Factor(_("reviews in some of the dossier's languages"), LANGUAGE_SOME))
    if suggestion.continuity:
        factors.append(Factor(_("reviewed an earlier version of this dossier"), CONTINUITY))
    if suggestion.provider_reviews:
        n = suggestion.provider_reviews
        factors.append(
            Factor(
                ngettext(
                    "reviewed this provider %(n)s time in the last 12 months",
                    "reviewed this provider %(n)s times in the last 12 months",
                    n,
                )
                % {"n": n},
                PROVIDER_RECENT * min(n, PROVIDER_RECENT_CAP),
            )
        )
    return factors


def candidates_for(dossiers, *, today=None):
    """{dossier pk: Candidates} for dossiers in review (organisation loaded, please)."""
    today = today or timezone.localdate()
    now = timezone.now()
    dossiers = list(dossiers)
    eligible = {
        d.pk: list(selectors.eligible_reviewers(d, today=today).values_list("pk", flat=True))
        for d in dossiers
    }
    reviewer_ids = sorted({pk for pks in eligible.values() for pk in pks})
    current = Affiliation.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today
    ).order_by("organisation_name", "pk")
    reviewers = (
        ReviewerProfile.objects.select_related("user")
        .prefetch_related(Prefetch("affiliations", queryset=current, to_attr="current"))
        .in_bulk(reviewer_ids)
    )
    found = conflicts_matrix(reviewers.values(), dossiers, today)
    scopes = _scopes(reviewer_ids, today)
    loads = _loads(reviewer_ids)
    recent, earlier = _history(reviewer_ids, dossiers, now)
    result = {}
    for dossier in dossiers:
        wanted = _languages(dossier)
        suggested, conflicted = [], []
        for reviewer_id in eligible[dossier.pk]:
            by_dossier = recent.get((reviewer_id, dossier.organisation_id), Counter())
            suggestion = Suggestion(
                reviewer=reviewers[reviewer_id],
                load=loads.get(reviewer_id, 0),
                provider_reviews=sum(n for d, n in by_dossier.items() if d != dossier.pk),
                continuity=(reviewer_id, dossier.pk) in earlier,
                conflicts=found.get((reviewer_id, dossier.pk), []),
                affiliations=list(
                    dict.fromkeys(a.organisation_name for a in reviewers[reviewer_id].current)
                ),
            )
            suggestion.factors = _factors(suggestion, dossier, scopes[reviewer_id], wanted)
            (conflicted if suggestion.conflicts else suggested).append(suggestion)
        suggested.sort(key=lambda s: (-s.score, s.load, s.reviewer.user.last_name, s.reviewer.pk))
        result[dossier.pk] = Candidates(dossier, suggested, conflicted)
    return result
