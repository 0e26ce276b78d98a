"""Figures for the staff desk's overview: the reporting period, cases by state and how long
dossiers stay in each state. Derived from the audit trail, which records every transition with
its time, so no figure needs a model of its own. Each function costs a fixed number of queries.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.core.cache import cache
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .content import text
from .models import AuditEvent, Dossier, DossierState, FieldOfStudy
from .selectors import count_by_state

DAY = 86400  # seconds


@dataclass(frozen=True)
class Period:
    """A reporting period, both days included."""

    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period (its last day included)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def query(self):
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def year_before(day: date) -> date:
    """The day after the same date a year earlier: twelve months ending `day`, inclusive
    (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28) + timedelta(days=1)


def period_from(params, today: date) -> tuple[Period, list[str]]:
    """The period asked for in GET `from` / `to` (YYYY-MM-DD), else the last twelve months;
    with the problems found, so the page can say why it fell back to the default."""
    problems = []
    default = Period(year_before(today), today)

    def read(name, fallback):
        raw = (params.get(name) or "").strip()
        if not raw:
            return fallback
        try:
            return date.fromisoformat(raw)
        except ValueError:
            problems.append(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw})
            return fallback

    period = Period(read("from", default.start), read("to", default.end))
    if period.start > period.end:
        problems.append(_("The period must start before it ends."))
        period = default
    return period, problems


def percentile(values, q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation between the closest ranks (the
    usual spreadsheet and NumPy definition); None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Stay:
    """A dossier's time in one state: from the transition into it to the next one (None while
    it is still there)."""

    dossier_id: int
    state: str
    started_at: datetime
    ended_at: datetime | None


def stays(events):
    """Stays from state events (dossier id, state entered, when), sorted by dossier and time:
    each event opens a stay that the dossier's next event closes."""
    for dossier_id, group in groupby(events, key=lambda event: event[0]):
        group = list(group)
        for (_id, state, started), following in zip(group, [*group[1:], None], strict=True):
            yield Stay(dossier_id, state, started, following[2] if following else None)


@dataclass(frozen=True)
class TimeInState:
    state: str
    label: str
    completed: int  # stays that ended within the period
    open: int  # stays still running at the end of the period, measured up to then
    median: float | None  # days
    p90: float | None  # days


def state_events(before: datetime):
    """(dossier id, state entered, when) of every dossier transition before `before`, in
    order: one query over the audit trail."""
    return (
        AuditEvent.objects.filter(
            content_type__app_label="accreditation",
            content_type__model="dossier",
            dossier__isnull=False,
            created_at__lt=before,
        )
        .exclude(to_state="")
        .order_by("dossier_id", "created_at", "pk")
        .values_list("dossier_id", "to_state", "created_at")
    )


def time_in_state(period: Period, now: datetime | None = None) -> list[TimeInState]:
    """Per state, the median and 90th percentile of the days dossiers spent in it: the stays
    that ended within the period, and the stays still open at its end, counted up to the end of
    the period (or now, for a period reaching today). One query."""
    now = now or timezone.now()
    cutoff = min(now, period.ends_before)
    durations = {state: [] for state in DossierState.values}
    completed = dict.fromkeys(DossierState.values, 0)
    running = dict.fromkeys(DossierState.values, 0)
    for stay in stays(state_events(cutoff).iterator()):
        if stay.state not in durations:
            continue
        if stay.ended_at is None:
            running[stay.state] += 1
            end = cutoff
        elif stay.ended_at >= period.starts_at:
            completed[stay.state] += 1
            end = stay.ended_at
        else:
            continue
        durations[stay.state].append((end - stay.started_at).total_seconds() / DAY)
    return [
        TimeInState(
            state=value,
            label=label,
            completed=completed[value],
            open=running[value],
            median=percentile(durations[value], 50),
            p90=percentile(durations[value], 90),
        )
        for value, label in DossierState.choices
    ]


#: How long the overview may reuse its figures while nothing is recorded: open stays are then
#: at most 0.007 days short. Reading every state event of the register takes 0.8 s at 10,000
#: cases, the reviewers' workload 40 ms; the overview asks for both on every visit.
REUSE_SECONDS = 600


def reused(name, compute, *key):
    """compute(), computed again once an audit event has been recorded since (the cache key
    holds the latest event's id: every state change records one) or after REUSE_SECONDS."""
    latest = AuditEvent.objects.aggregate(latest=Max("pk"))["latest"]
    cache_key = ":".join(str(part) for part in ("analytics", name, *key, latest))
    figures = cache.get(cache_key)
    if figures is None:
        figures = compute()
        cache.set(cache_key, figures, REUSE_SECONDS)
    return figures


def recent_time_in_state(period: Period) -> list[TimeInState]:
    """time_in_state(period), reused while nothing changes (`reused`)."""

    def compute():
        return [(row.completed, row.open, row.median, row.p90) for row in time_in_state(period)]

    figures = reused("time-in-state", compute, period.start, period.end)
    return [
        TimeInState(value, label, *numbers)
        for (value, label), numbers in zip(DossierState.choices, figures, strict=True)
    ]


def cases_by_state():
    """[(state, label, count)] for every state, zeros included: one query."""
    counts = count_by_state()
    return [(value, label, counts[value]) for value, label in DossierState.choices]


def case_rows(now: datetime | None = None):
    """One row per case for the CSV export: number, title, provider, state, field of study,
    first submission, in this state since, days in this state. Two queries; the names are
    chosen now, in the request's language, and the rows streamed afterwards."""
    now = now or timezone.now()
    language = get_language() or "ja"
    english = language.startswith("en")
    fields = {f.code: f.name_en if english else f.name_ja for f in FieldOfStudy.objects.all()}
    labels = {value: str(label) for value, label in DossierState.choices}
    cases = (
        Dossier.objects.annotate(first_submitted=Min("versions__submitted_at"))
        .order_by("state", "state_changed_at", "pk")
        .values_list(
            "pk",
            "content__title",
            "organisation__name_ja",
            "organisation__name_en",
            "state",
            "content__field_of_study",
            "first_submitted",
            "state_changed_at",
        )
    )

    def rows():
        for pk, title, name_ja, name_en, state, field, submitted, since in cases.iterator():
            yield [
                pk,
                text(title, language),
                name_en if english else name_ja,
                labels.get(state, state),
                fields.get(field, field or ""),
                timezone.localtime(submitted).date().isoformat() if submitted else "",
                timezone.localtime(since).date().isoformat(),
                round((now - since).total_seconds() / DAY, 1),
            ]

    return rows()
