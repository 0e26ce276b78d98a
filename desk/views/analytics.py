"""The desk's overview and reliability report, with their CSV exports (staff only).

Composed from both domains: the dossier-side figures come from accreditation.analytics, the
assignments and reviews from reviewers.analytics.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation import analytics as cases
from accreditation import names, roles
from accreditation.charts import Row, Spread, bar_chart, spread_chart
from accreditation.csv_export import csv_response
from accreditation.views.helpers import role_required
from reviewers import analytics

desk_required = role_required(*roles.STAFF_ROLES)


def _period(request):
    return cases.period_from(request.GET, timezone.localdate())


def _reviewer_name(profile):
    return names.display_name(profile.user)


def _charts(by_state, times, workload):
    return {
        "states": bar_chart(
            [Row(str(label), (count,)) for _value, label, count in by_state],
            chart_id="chart-states",
            title=_("Cases by state"),
            desc=_("The number of cases now in each state."),
        ),
        "times": spread_chart(
            [
                Spread(str(row.label), row.median, row.p90)
                for row in times
                if row.median is not None
            ],
            chart_id="chart-times",
            title=_("Time in state"),
            desc=_(
                "For each state, a bar to the median number of days spent in it and a line on "
                "to the 90th percentile."
            ),
            unit=_(" d"),
        ),
        "workload": bar_chart(
            [Row(r.name, (r.invited, r.accepted, r.submitted)) for r in workload["rows"]],
            chart_id="chart-workload",
            title=_("Reviewer workload"),
            desc=_("Per reviewer: invitations, acceptances and submitted reviews in the period."),
            series=[_("Invitations sent"), _("Acceptances"), _("Reviews submitted")],
        ),
    }


@desk_required
def overview(request):
    period, problems = _period(request)
    today = timezone.localdate()
    by_state = cases.cases_by_state()
    times = cases.recent_time_in_state(period)
    workload = analytics.busiest_workload(period, today)
    return render(
        request,
        "reviewers/desk/overview.html",
        {
            "period": period,
            "problems": problems,
            "by_state": by_state,
            "total": sum(count for _value, _label, count in by_state),
            "times": times,
            "overdue_invitations": analytics.overdue_invitations(today),
            "overdue_reviews": analytics.overdue_reviews(today),
            "workload": workload,
            "charts": _charts(by_state, times, workload),
        },
    )


@desk_required
def export_cases(request):
    header = [
        _("Case"),
        _("Title"),
        _("Provider"),
        _("Status"),
        _("Field of study"),
        _("First submitted"),
        _("In this state since"),
        _("Days in this state"),
    ]
    return csv_response("cases.csv", header, cases.case_rows())


@desk_required
def export_workload(request):
    period, _problems = _period(request)
    header = [
        _("Reviewer"),
        _("Email"),
        _("Invitations sent"),
        _("Acceptances"),
        _("Reviews submitted"),
        _("Open now"),
        _("Overdue now"),
        _("From"),
        _("To"),
    ]
    rows = (
        [
            _reviewer_name(r),
            r.user.email,
            r.invited,
            r.accepted,
            r.submitted,
            r.open,
            r.overdue,
            period.start.isoformat(),
            period.end.isoformat(),
        ]
        for r in analytics.workload(period, timezone.localdate())
    )
    return csv_response(f"workload-{period.start}-{period.end}.csv", header, rows)


@desk_required
def reliability(request):
    period, problems = _period(request)
    criteria = analytics.reliability(period)
    if request.GET.get("format") == "csv":
        return _reliability_csv(period, criteria)
    return render(
        request,
        "reviewers/desk/reliability.html",
        {"period": period, "problems": problems, "criteria": criteria},
    )


def _reliability_csv(period, criteria):
    header = [
        _("Criterion"),
        _("Krippendorff's alpha (ordinal)"),
        _("Units"),
        _("Pairable values"),
        _("Interpretation"),
        _("From"),
        _("To"),
    ]
    rows = [
        [
            str(row.label),
            round(row.alpha.value, 3) if row.alpha.value is not None else "",
            row.alpha.units,
            row.alpha.pairable_values,
            str(row.verdict_label),
            period.start.isoformat(),
            period.end.isoformat(),
        ]
        for row in criteria
    ]
    return csv_response(f"reliability-{period.start}-{period.end}.csv", header, rows)
