"""The desk's overview and reliability report: figures on a crafted history, overdue items,
workload, CSV exports, access, and a constant query count from 10 to 1,000 assignments."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accreditation.analytics import (
    Period,
    percentile,
    period_from,
    recent_time_in_state,
    state_events,
    stays,
    time_in_state,
    year_before,
)
from accreditation.content import StandardField
from accreditation.models import AuditEvent, Dossier, DossierState, DossierVersion
from demo.workflow import advance
from reviewers import services
from reviewers.models import (
    Assignment,
    AssignmentState,
    Review,
    ReviewerProfile,
    ReviewScore,
    Rubric,
)
from tests.accreditation.factories import complete_content
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
A = AssignmentState
TOKYO = ZoneInfo("Asia/Tokyo")
BASE = datetime(2025, 1, 1, tzinfo=TOKYO)


def day(n):
    return BASE + timedelta(days=n)


def signed_in(client, user):
    client.force_login(user)
    return client


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# The period and the statistics.


def test_the_period_defaults_to_the_last_twelve_months():
    period, problems = period_from({}, date(2025, 6, 30))
    assert period == Period(date(2024, 7, 1), date(2025, 6, 30))
    assert problems == []
    assert year_before(date(2024, 2, 29)) == date(2023, 3, 1)


def test_a_bad_or_reversed_period_falls_back_to_the_default_and_says_why():
    today = date(2025, 6, 30)
    period, problems = period_from({"from": "2025-13-01", "to": "2025-05-01"}, today)
    assert period == Period(date(2024, 7, 1), date(2025, 5, 1))
    assert problems == ["“2025-13-01” is not a date (YYYY-MM-DD)."]
    period, problems = period_from({"from": "2025-05-02", "to": "2025-05-01"}, today)
    assert period == Period(date(2024, 7, 1), today)
    assert problems == ["The period must start before it ends."]


def test_the_period_covers_its_last_day_in_tokyo_time():
    period = Period(date(2025, 1, 6), date(2025, 3, 1))
    assert period.starts_at == day(5)
    assert period.ends_before == day(60)


def test_percentiles_interpolate_between_ranks():
    values = list(range(1, 11))
    assert percentile(values, 50) == 5.5
    assert percentile(values, 90) == pytest.approx(9.1)
    assert percentile([1, 2, 6], 90) == pytest.approx(5.2)
    assert percentile([4], 90) == 4
    assert percentile([], 50) is None


def test_consecutive_events_make_stays_and_the_last_one_is_open():
    events = [(1, "draft", day(0)), (1, "submitted", day(3)), (2, "draft", day(1))]
    assert [(s.dossier_id, s.state, s.started_at, s.ended_at) for s in stays(events)] == [
        (1, "draft", day(0), day(3)),
        (1, "submitted", day(3), None),
        (2, "draft", day(1), None),
    ]


@pytest.fixture
def history(people):
    """Three dossiers with a known history (days after 1 January 2025):

    1: draft 0, submitted 10, in review 12, awaiting decision 30, accredited 70
    2: draft 0, submitted 2, in review 8, awaiting decision 20, accredited 25
    3: draft 0, submitted 1, revision requested 3, submitted 50, in review 51
    """
    dossier_type = ContentType.objects.get_for_model(Dossier)
    waiting = S.AWAITING_DECISION
    paths = {
        1: [S.DRAFT, 0, S.SUBMITTED, 10, S.IN_REVIEW, 12, waiting, 30, S.ACCREDITED, 70],
        2: [S.DRAFT, 0, S.SUBMITTED, 2, S.IN_REVIEW, 8, waiting, 20, S.ACCREDITED, 25],
        3: [S.DRAFT, 0, S.SUBMITTED, 1, S.REVISION_REQUESTED, 3, S.SUBMITTED, 50, S.IN_REVIEW, 51],
    }
    dossiers = {}
    for key, path in paths.items():
        dossier = Dossier.objects.create(organisation=people.org_a, state=path[-2])
        dossiers[key] = dossier
        previous = ""
        for state, n in zip(path[::2], path[1::2], strict=True):
            AuditEvent.objects.create(
                action="dossier.test",
                content_type=dossier_type,
                object_id=dossier.pk,
                dossier=dossier,
                from_state=previous,
                to_state=state,
                created_at=day(n),
            )
            previous = state
    # Events that are not the dossier's own transitions do not count.
    AuditEvent.objects.create(
        action="organisation.update",
        content_type=ContentType.objects.get_for_model(people.org_a),
        object_id=people.org_a.pk,
        dossier=dossiers[1],
        to_state="accepted",
        created_at=day(15),
    )
    return dossiers


def test_time_in_state_on_a_crafted_history(history):
    """Period 6 January – 1 March (days 5 to 59), looked at on day 100. Stays that ended
    before day 5 are left out; stays open on day 60 count up to then; dossier 1's
    accreditation on day 70 is after the period, so its wait for a decision is still open."""
    period = Period(date(2025, 1, 6), date(2025, 3, 1))
    rows = {row.state: row for row in time_in_state(period, day(100))}

    def figures(state):
        row = rows[state]
        return (row.completed, row.open, row.median, row.p90)

    assert figures(S.DRAFT) == (1, 0, 10, 10)  # dossier 1's 10 days; the others ended earlier
    # 2, 6 and 1 days: median 2, p90 between 2 and 6 at 0.8.
    assert figures(S.SUBMITTED) == pytest.approx((3, 0, 2, 5.2))
    # 18 and 12 days ended; dossier 3 has been in review 9 days at the end of the period.
    assert figures(S.IN_REVIEW) == pytest.approx((2, 1, 12, 16.8))
    # 5 days ended; dossier 1 waits 30 days up to day 60.
    assert figures(S.AWAITING_DECISION) == pytest.approx((1, 1, 17.5, 27.5))
    assert figures(S.ACCREDITED) == (0, 1, 35, 35)
    assert figures(S.REVISION_REQUESTED) == (1, 0, 47, 47)
    assert figures(S.REJECTED) == (0, 0, None, None)


def test_a_period_reaching_today_counts_open_stays_up_to_now(history):
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    rows = {row.state: row for row in time_in_state(period, day(80))}
    # Dossier 1 was accredited on day 70 (10 days by day 80), dossier 2 on day 25 (55 days).
    assert (rows[S.ACCREDITED].open, rows[S.ACCREDITED].median) == (2, 32.5)
    assert rows[S.AWAITING_DECISION].completed == 2


def test_the_overview_reuses_its_figures_until_a_state_changes(
    history, people, django_assert_num_queries
):
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    first = recent_time_in_state(period)
    assert first == time_in_state(period)

    with django_assert_num_queries(1):  # the latest event's id: nothing read again
        assert recent_time_in_state(period) == first

    AuditEvent.objects.create(
        action="dossier.submit",
        content_type=ContentType.objects.get_for_model(Dossier),
        object_id=history[2].pk,
        dossier=history[2],
        to_state=S.SUBMITTED,
        created_at=day(200),  # dossier 3 leaves review within the period
    )
    with django_assert_num_queries(2):  # a new event: the figures are computed again
        again = recent_time_in_state(period)
    assert again == time_in_state(period) != first


def test_state_events_is_one_query(history, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(list(state_events(day(1000)))) == 15


# Overdue items and workload, made through the services.


def in_review(people):
    return advance(make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast())


@pytest.fixture
def activity(people):
    """An overdue invitation (3 days), an overdue review (2 days), one on time, and a dossier
    reviewed by both reviewers."""
    today = timezone.localdate()
    first, second = in_review(people), in_review(people)
    late_answer = services.assignment_invite(
        actor=people.secretariat,
        dossier=first,
        reviewer=people.reviewer,
        respond_by=today - timedelta(days=3),
        review_due=today + timedelta(days=10),
    )
    late_review = services.assignment_invite(
        actor=people.secretariat,
        dossier=second,
        reviewer=people.second_reviewer,
        respond_by=today - timedelta(days=10),
        review_due=today - timedelta(days=2),
    )
    services.assignment_accept(
        actor=people.second_reviewer.user, assignment=late_review, no_conflict=True
    )
    on_time = services.assignment_invite(
        actor=people.secretariat, dossier=second, reviewer=people.reviewer
    )
    reviewed = make_dossier(people.org_a, author=people.provider_a)
    advance(reviewed, S.AWAITING_DECISION, people.cast())
    return late_answer, late_review, on_time


def test_overdue_items_are_listed_with_links_to_their_cases(client, people, activity):
    late_answer, late_review, _on_time = activity
    response = signed_in(client, people.secretariat).get(reverse("desk:overview"))
    assert response.status_code == 200
    assert [(a, a.days_late) for a in response.context["overdue_invitations"]["rows"]] == [
        (late_answer, 3)
    ]
    assert [(a, a.days_late) for a in response.context["overdue_reviews"]["rows"]] == [
        (late_review, 2)
    ]
    html = response.content.decode()
    assert late_answer.version.dossier.get_desk_url() in html
    assert late_review.version.dossier.get_desk_url() in html


def test_reviewer_workload_in_the_period(client, people, activity):
    response = signed_in(client, people.secretariat).get(reverse("desk:overview"))
    workload = {
        r.pk: (r.invited, r.accepted, r.submitted, r.open, r.overdue)
        for r in response.context["workload"]["rows"]
    }
    assert workload == {
        people.reviewer.pk: (3, 1, 1, 2, 1),
        people.second_reviewer.pk: (2, 2, 1, 1, 1),
    }
    # In a past period nothing was sent or done, but open work still shows.
    response = client.get(reverse("desk:overview"), {"from": "2020-01-01", "to": "2020-12-31"})
    workload = {
        r.pk: (r.invited, r.accepted, r.submitted, r.open, r.overdue)
        for r in response.context["workload"]["rows"]
    }
    assert workload[people.reviewer.pk] == (0, 0, 0, 2, 1)


def test_the_workload_is_reused_until_an_assignment_changes(client, people, activity):
    def workload():
        response = client.get(reverse("desk:overview"))
        return {r.pk: (r.invited, r.open) for r in response.context["workload"]["rows"]}

    signed_in(client, people.secretariat)
    first = workload()
    assert first[people.reviewer.pk] == (3, 2)
    late_answer, _late_review, _on_time = activity
    # Rows written behind the services' back are not seen while nothing is recorded...
    Assignment.objects.filter(pk=late_answer.pk).update(state=AssignmentState.CANCELLED)
    assert workload() == first
    # ...and a recorded change (every service records one) computes the figures again.
    services.assignment_invite(
        actor=people.secretariat, dossier=in_review(people), reviewer=people.reviewer
    )
    assert workload()[people.reviewer.pk] == (4, 2)


def test_the_workload_shows_the_busiest_reviewers_and_counts_the_rest(
    client, people, activity, monkeypatch
):
    from reviewers import analytics

    monkeypatch.setattr(analytics, "WORKLOAD_SHOWN", 1)
    response = signed_in(client, people.secretariat).get(reverse("desk:overview"))
    workload = response.context["workload"]
    assert [(r.pk, r.open) for r in workload["rows"]] == [(people.reviewer.pk, 2)]
    assert workload["total"] == 2
    html = response.content.decode()
    assert "The 1 reviewers with the most open work, of 2; the CSV lists every one." in html
    assert str(workload["rows"][0]) in html


def test_the_overview_counts_cases_and_draws_its_charts(client, people, activity):
    response = signed_in(client, people.committee).get(reverse("desk:overview"))
    counts = {value: count for value, _label, count in response.context["by_state"]}
    assert (counts["in_review"], counts["awaiting_decision"], counts["draft"]) == (2, 1, 0)
    html = response.content.decode()
    assert html.count("<svg") == 3
    assert 'id="chart-states-title"' in html and 'id="chart-workload-desc"' in html


def test_the_case_list_links_to_the_overview_and_the_report(client, people):
    html = signed_in(client, people.secretariat).get(reverse("desk:cases")).content.decode()
    assert reverse("desk:overview") in html
    assert reverse("desk:reliability") in html


def test_a_bad_period_is_reported_on_the_page(client, people):
    response = signed_in(client, people.secretariat).get(reverse("desk:overview"), {"to": "soon"})
    assert response.status_code == 200
    assert "“soon” is not a date (YYYY-MM-DD)." in response.content.decode()


# CSV exports.


def test_the_cases_export_is_a_streamed_csv_with_a_bom(client, people, activity):
    dossier = activity[0].version.dossier
    response = signed_in(client, people.secretariat).get(reverse("desk:export_cases"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cases.csv"'
    assert response.streaming
    rows = csv_rows(response)
    assert rows[0] == [
        "Case",
        "Title",
        "Provider",
        "Status",
        "Field of study",
        "First submitted",
        "In this state since",
        "Days in this state",
    ]
    row = next(r for r in rows[1:] if r[0] == str(dossier.pk))
    today = timezone.localdate().isoformat()
    assert row[1:7] == [
        "Introduction to Data Science",
        "Org A",
        "In review",
        "Digital (IT, data science, AI)",
        today,
        today,
    ]
    assert float(row[7]) < 1
    assert len(rows) == 4


def test_a_title_that_looks_like_a_formula_stays_text(client, people):
    make_dossier(people.org_a, author=people.provider_a, title={"ja": "=1+1", "en": "=1+1"})
    rows = csv_rows(signed_in(client, people.secretariat).get(reverse("desk:export_cases")))
    assert rows[1][1] == "'=1+1"


def test_the_workload_export_follows_the_period(client, people, activity):
    response = signed_in(client, people.secretariat).get(
        reverse("desk:export_workload"), {"from": "2020-01-01", "to": "2020-12-31"}
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="workload-2020-01-01-2020-12-31.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == [
        "Reviewer",
        "Email",
        "Invitations sent",
        "Acceptances",
        "Reviews submitted",
        "Open now",
        "Overdue now",
        "From",
        "To",
    ]
    by_email = {row[1]: row[2:] for row in rows[1:]}
    assert by_email["rev1@example.org"] == ["0", "0", "0", "2", "1", "2020-01-01", "2020-12-31"]


def test_the_exports_speak_japanese_with_the_bom_for_excel(client, people, activity, settings):
    client = signed_in(client, people.secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    rows = csv_rows(client.get(reverse("desk:export_cases")))
    assert rows[0][1:4] == ["名称", "提供機関", "状態"]
    assert ["データサイエンス入門", "組織A", "審査中"] in [row[1:4] for row in rows]


# The reliability report.


def review(people, dossier, reviewer, scores):
    """Invite, accept, score and submit: `scores` maps some standard fields to a score; the
    others get 2."""
    assignment = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=reviewer
    )
    user = reviewer.user
    services.assignment_accept(actor=user, assignment=assignment, no_conflict=True)
    values = {field: (scores.get(field, 2), "Why.") for field in StandardField.values}
    services.review_save(actor=user, assignment=assignment, scores=values, recommendation="revise")
    services.review_submit(actor=user, assignment=assignment)


@pytest.fixture
def reviewed(people):
    """Two dossiers scored by both reviewers: they agree on purpose (3 and 3, 1 and 1), they
    disagree completely on learning hours (3 against 0, then 0 against 3)."""
    for purpose, hours in ((3, (3, 0)), (1, (0, 3))):
        dossier = in_review(people)
        for reviewer, score in zip((people.reviewer, people.second_reviewer), hours, strict=True):
            review(people, dossier, reviewer, {"purpose": purpose, "learning_hours": score})


def test_the_reliability_report_per_criterion(client, people, reviewed):
    response = signed_in(client, people.committee).get(reverse("desk:reliability"))
    rows = {row.criterion: row for row in response.context["criteria"]}
    assert rows["purpose"].alpha.value == pytest.approx(1.0)
    assert (rows["purpose"].alpha.units, rows["purpose"].alpha.pairable_values) == (2, 4)
    assert str(rows["purpose"].verdict_label) == "Reliable (α ≥ 0.8)"
    assert rows["learning_hours"].alpha.value < 0
    assert str(rows["learning_hours"].verdict_label) == "Not reliable (α < 0.667)"
    assert rows["level"].alpha.value is None  # everyone gave 2: nothing to tell
    no_variation = "Every score is the same: agreement cannot be told from chance"
    assert str(rows["level"].verdict_label) == no_variation
    html = response.content.decode()
    assert "1.000" in html and no_variation in html


def test_the_reliability_report_covers_only_reviews_submitted_in_the_period(
    client, people, reviewed
):
    response = signed_in(client, people.committee).get(
        reverse("desk:reliability"), {"from": "2020-01-01", "to": "2020-12-31"}
    )
    criteria = response.context["criteria"]
    assert all(row.alpha.pairable_values == 0 for row in criteria)
    assert {str(row.verdict_label) for row in criteria} == {"Not enough data"}


def test_the_reliability_export(client, people, reviewed):
    response = signed_in(client, people.secretariat).get(
        reverse("desk:reliability"), {"format": "csv"}
    )
    rows = csv_rows(response)
    assert rows[0][:5] == [
        "Criterion",
        "Krippendorff's alpha (ordinal)",
        "Units",
        "Pairable values",
        "Interpretation",
    ]
    assert rows[1][:5] == ["Purpose", "1.0", "2", "4", "Reliable (α ≥ 0.8)"]
    assert rows[5][:5] == [
        "Assessment transparency",
        "",
        "2",
        "4",
        "Every score is the same: agreement cannot be told from chance",
    ]


# Access: staff only, like the rest of the desk.

DESK_PAGES = ["desk:overview", "desk:reliability", "desk:export_cases", "desk:export_workload"]


@pytest.mark.parametrize("page", DESK_PAGES)
@pytest.mark.parametrize("who", ["provider_a", "reviewer", "outsider"])
def test_people_outside_the_staff_get_404(client, people, page, who):
    user = getattr(people, who)
    user = getattr(user, "user", user)
    assert signed_in(client, user).get(reverse(page)).status_code == 404


@pytest.mark.parametrize("page", DESK_PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Speed: the same number of queries for 10 and for 1,000 assignments.


def bulk_assignments(people, count, per_version=4):
    """`count` assignments over count / per_version dossiers in review, made in bulk: a
    quarter each invited (overdue), accepted (overdue), submitted with scores, declined. With
    the dossiers' own state events so that the time-in-state figures have stays to count."""
    tag = Dossier.objects.count()
    now = timezone.now()
    today = timezone.localdate()
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bulk{tag}-{i}", email=f"bulk{tag}-{i}@example.org")
        for i in range(per_version)
    )
    reviewers = ReviewerProfile.objects.bulk_create(ReviewerProfile(user=u) for u in users)
    dossiers = Dossier.objects.bulk_create(
        Dossier(organisation=people.org_a, state=S.IN_REVIEW, content=complete_content())
        for _ in range(count // per_version)
    )
    versions = DossierVersion.objects.bulk_create(
        DossierVersion(dossier=d, number=1, content=d.content) for d in dossiers
    )
    dossier_type = ContentType.objects.get_for_model(Dossier)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="dossier.test",
            content_type=dossier_type,
            object_id=d.pk,
            dossier=d,
            to_state=state,
            created_at=now - timedelta(days=days),
        )
        for d in dossiers
        for state, days in ((S.DRAFT, 30), (S.SUBMITTED, 20), (S.IN_REVIEW, 10))
    )
    states = [A.INVITED, A.ACCEPTED, A.SUBMITTED, A.DECLINED]
    assignments = Assignment.objects.bulk_create(
        Assignment(
            version=version,
            reviewer=reviewer,
            state=states[i % 4],
            respond_by=today - timedelta(days=5),
            review_due=today - timedelta(days=1),
            responded_at=None if i % 4 == 0 else now,
        )
        for version in versions
        for i, reviewer in enumerate(reviewers)
    )
    rubric = Rubric.objects.latest()
    reviews = Review.objects.bulk_create(
        Review(
            assignment=a,
            rubric=rubric,
            recommendation="approve",
            submitted_at=now if a.state == A.SUBMITTED else None,
        )
        for a in assignments
        if a.state in (A.ACCEPTED, A.SUBMITTED)
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(review=r, criterion=field, score=(r.pk + n) % 4)
        for r in reviews
        for n, field in enumerate(StandardField.values)
    )
    return assignments


def consumed(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("desk:cases", {}),
        ("desk:cases", {"state": "in_review"}),
        ("desk:reviewers", {}),
        ("desk:overview", {}),
        ("desk:reliability", {}),
        ("desk:reliability", {"format": "csv"}),
        ("desk:export_cases", {}),
        ("desk:export_workload", {}),
    ],
)
def test_desk_pages_keep_a_constant_query_count(
    client, people, page, params, django_assert_max_num_queries
):
    client = signed_in(client, people.secretariat)
    bulk_assignments(people, 12)
    with django_assert_max_num_queries(30) as small:
        assert consumed(client.get(reverse(page), params)).status_code == 200
    bulk_assignments(people, 1000)
    assert Assignment.objects.count() == 1012
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = consumed(client.get(reverse(page), params))
    assert response.status_code == 200
    if page == "desk:overview":
        overdue = response.context["overdue_invitations"]
        assert (len(overdue["rows"]), overdue["total"]) == (50, 253)  # the 50 longest overdue
        assert overdue["rows"] == sorted(overdue["rows"], key=lambda a: (a.respond_by, a.pk))
        assert "The 50 longest overdue of 253." in response.content.decode()
        assert (
            len(response.context["workload"]["rows"]),
            response.context["workload"]["total"],
        ) == (8, 8)
