"""The reviewer's queue (/review/): deadlines, filters, pages, and a constant query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accreditation.models import DossierState, DossierVersion
from demo.workflow import advance
from reviewers.models import Assignment, AssignmentState
from tests.accreditation.factories import complete_content
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
A = AssignmentState
STATES = [A.INVITED, A.ACCEPTED, A.SUBMITTED, A.DECLINED, A.CANCELLED, A.LAPSED]


@pytest.fixture
def dossier(people):
    return advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.SUBMITTED, people.cast()
    )


def add_assignments(dossier, reviewer, specs):
    """One version of `dossier` per spec and an assignment of `reviewer` to it, in bulk.

    Each spec is (state, respond_by, review_due, field of study, title)."""
    start = dossier.versions.count() + 1
    versions = DossierVersion.objects.bulk_create(
        DossierVersion(
            dossier=dossier,
            number=start + i,
            content=complete_content(
                field_of_study=field, title={"ja": f"{title}（ja）", "en": title}
            ),
        )
        for i, (_state, _respond, _due, field, title) in enumerate(specs)
    )
    return Assignment.objects.bulk_create(
        Assignment(version=v, reviewer=reviewer, state=state, respond_by=respond, review_due=due)
        for v, (state, respond, due, _field, _title) in zip(versions, specs, strict=True)
    )


def many(n, today):
    """n assignments in every state, with deadlines spread around today, in two fields."""
    return [
        (
            STATES[i % len(STATES)],
            today + timedelta(days=i % 20 - 10),
            today + timedelta(days=i % 20 + 5),
            "digital" if i % 2 else "health_welfare",
            f"Course {i}",
        )
        for i in range(n)
    ]


@pytest.fixture
def reviewer_client(client, people):
    client.force_login(people.reviewer.user)
    return client


def queue_html(client, **params):
    response = client.get(reverse("review:queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_costs_the_same_queries_for_10_or_1000_assignments(
    reviewer_client, people, dossier, django_assert_max_num_queries
):
    today = timezone.localdate()
    add_assignments(dossier, people.reviewer, many(10, today))
    with CaptureQueriesContext(connection) as small:
        queue_html(reviewer_client)
    add_assignments(dossier, people.reviewer, many(990, today))
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = queue_html(reviewer_client)
    assert "1000 assignments" in html
    assert html.count('href="/review/assignments/') == 50  # one page
    with django_assert_max_num_queries(len(small.captured_queries)):
        queue_html(reviewer_client, state="accepted", deadline="overdue", field="digital", page=2)


def test_both_deadlines_are_shown_and_the_overdue_one_is_highlighted(
    reviewer_client, people, dossier
):
    today = timezone.localdate()
    late = today - timedelta(days=3)
    add_assignments(
        dossier,
        people.reviewer,
        [
            (A.ACCEPTED, late - timedelta(days=10), late, "digital", "Late review"),
            (A.INVITED, today + timedelta(days=2), today + timedelta(days=30), "digital", "Fresh"),
        ],
    )
    html = queue_html(reviewer_client)
    assert html.count('class="overdue"') == 1
    assert f'<strong class="flag">{date_format(late)}</strong>' in html
    assert date_format(today + timedelta(days=30)) in html


def titles(html):
    return {
        t
        for t in ("Overdue answer", "Overdue review", "Due soon", "Far off", "Done")
        if f">{t}</a>" in html
    }


@pytest.fixture
def mixed(people, dossier):
    today = timezone.localdate()
    day = timedelta(days=1)
    return add_assignments(
        dossier,
        people.reviewer,
        [
            (A.INVITED, today - day, today + 20 * day, "digital", "Overdue answer"),
            (A.ACCEPTED, today - 30 * day, today - day, "health_welfare", "Overdue review"),
            (A.ACCEPTED, today - 10 * day, today + 3 * day, "digital", "Due soon"),
            (A.ACCEPTED, today - 10 * day, today + 40 * day, "digital", "Far off"),
            (A.SUBMITTED, today - 30 * day, today - 5 * day, "digital", "Done"),
        ],
    )


def test_filters_by_state_deadline_and_field(reviewer_client, mixed):
    assert titles(queue_html(reviewer_client)) == {
        "Overdue answer",
        "Overdue review",
        "Due soon",
        "Far off",
        "Done",
    }
    assert titles(queue_html(reviewer_client, state="accepted")) == {
        "Overdue review",
        "Due soon",
        "Far off",
    }
    # A submitted review is never overdue, whatever its date.
    assert titles(queue_html(reviewer_client, deadline="overdue")) == {
        "Overdue answer",
        "Overdue review",
    }
    assert titles(queue_html(reviewer_client, deadline="due_soon")) == {"Due soon"}
    assert titles(queue_html(reviewer_client, field="health_welfare")) == {"Overdue review"}
    assert (
        titles(queue_html(reviewer_client, state="accepted", deadline="overdue", field="digital"))
        == set()
    )


def test_unknown_filter_values_are_ignored(reviewer_client, mixed):
    html = queue_html(reviewer_client, state="bogus", deadline="someday", field="nope")
    assert len(titles(html)) == 5


def test_open_assignments_come_first(reviewer_client, mixed):
    html = queue_html(reviewer_client)
    assert html.index(">Overdue review</a>") < html.index(">Done</a>")


def test_the_pager_keeps_the_filters(reviewer_client, people, dossier):
    today = timezone.localdate()
    add_assignments(dossier, people.reviewer, many(400, today))
    html = queue_html(reviewer_client, state="accepted", field="digital")
    assert "state=accepted&amp;field=digital&amp;page=2" in html


def test_the_queue_shows_only_the_reviewers_own_assignments(client, people, dossier):
    today = timezone.localdate()
    add_assignments(dossier, people.second_reviewer, many(3, today))
    client.force_login(people.reviewer.user)
    assert "You have no assignments." in queue_html(client)
