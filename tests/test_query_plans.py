"""The main pages read by index among thousands of rows (PostgreSQL).

Query-count tests keep a page's queries from growing with its rows; these keep each query's
cost from growing with the register. With 6,000 dossiers, 10,000 assignments, 22,000 audit
events and some 50,000 grants (tests/register.py), every SELECT of each page, requested as
its role, is explained (tests/plans.py): no sequential scan of a big table, and few of their
rows read only to be put aside. Pages that count every case (the desk's state tabs, the
overview's figures) read those tables whole, but once.
"""

import pytest
from django.urls import reverse

from accreditation.models import Dossier, DossierGroupObjectPermission, DossierState
from reviewers import autoassign
from reviewers.models import Assignment, AssignmentState, ReviewerProfile
from tests import plans, register

pytestmark = [pytest.mark.services, pytest.mark.django_db]
S = DossierState

DOSSIER = Dossier._meta.db_table
#: The desk counts every case for its state tabs (and the paginator its total): with no
#: search words, a single pass over the cases (an index-only scan once autovacuum has set the
#: visibility map, which it cannot in the test's transaction).
COUNTS_EVERY_CASE = plans.read_whole_once(DOSSIER)


@pytest.fixture(scope="module")
def big(django_db_setup, django_db_blocker):
    """The register, built once for the module in a transaction rolled back at its end; each
    test runs in a savepoint inside it."""
    from django.db import connection, transaction

    with django_db_blocker.unblock(), transaction.atomic():
        if connection.vendor != "postgresql":
            pytest.skip("query plans are PostgreSQL's")
        built = register.build()
        plans.analyze()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def tables(big):
    found = plans.big_tables()
    assert {DOSSIER, Assignment._meta.db_table, "accreditation_auditevent"} <= set(found)
    return found


def requested(client, user, path, **kwargs):
    client.force_login(user)
    page = plans.request_plans(client, path, **kwargs)
    assert page.response.status_code == 200
    return page


def assert_index_backed(page, tables, allowed=()):
    problems = page.problems(tables, allowed=allowed)
    assert not problems, "\n\n".join(problems)


def reading_grants(page):
    """The page's queries that read the dossiers' group grants."""
    table = DossierGroupObjectPermission._meta.db_table
    return [explained for explained in page.queries if explained.scans(table)]


def test_the_providers_list_and_a_dossier(client, big, tables):
    """Among 6,000 dossiers, the portal reads the provider's 600 through their grants (the
    UNION of the user's and their groups' direct grants, by index) and their memberships."""
    listing = requested(client, big.people.viewer_a, reverse("portal:list"))

    assert len(listing.response.context["page"]) == 50
    assert listing.response.context["page"].paginator.count == register.DOSSIERS_PER_ORGANISATION
    grants = listing.scans(DossierGroupObjectPermission._meta.db_table)
    assert grants and {n["Node Type"] for n in grants} <= {"Index Scan", "Index Only Scan"}
    assert len(reading_grants(listing)) == 2  # the count, the page's keys: its rows by key
    assert_index_backed(listing, tables)

    dossier = big.sample[S.ACCREDITED]
    detail = requested(client, big.people.provider_a, reverse("portal:detail", args=[dossier.pk]))
    assert detail.response.context["dossier"] == dossier
    assert_index_backed(detail, tables)


def test_the_provider_api_lists_its_organisations_dossiers(client, big, tables):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {big.api_key}"

    page = plans.request_plans(client, "/api/v1/provider/dossiers/?page=2")

    assert page.response.status_code == 200
    assert page.response.json()["count"] == register.DOSSIERS_PER_ORGANISATION
    assert len(page.response.json()["results"]) == 50
    assert len(reading_grants(page)) == 2
    assert_index_backed(page, tables)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({}, 6000),
        ({"state": "in_review", "page": "3"}, 1000),
        ({"q": "Nursing"}, 200),  # an English title word: a thirtieth of the register
        ({"q": "データ"}, 200),  # a Japanese one
        ({"q": "会計"}, 200),  # a word of two characters: no trigram of its own
        ({"q": "看"}, 200),  # and of one
        ({"q": "nursing cohort 3", "state": "accredited"}, 0),
        ({"q": "一括大学3 nursing"}, 20),  # the provider's name and a title word
        ({"q": "org-a-0042"}, 1),  # a provider's reference
    ],
)
def test_the_desk_case_list_and_its_search(client, big, tables, query, found):
    """Walked in the order of the (state, state_changed_at) index, or found by the trigram
    indexes (migration 0010), a word of one or two characters by the index of the case's
    characters and pairs (migration 0012)."""
    path = reverse("desk:cases") + "?" + "&".join(f"{k}={v}" for k, v in query.items())

    page = requested(client, big.people.secretariat, path)

    assert page.response.context["page"].paginator.count == found
    assert_index_backed(page, tables, allowed=[] if "q" in query else [COUNTS_EVERY_CASE])


@pytest.mark.parametrize(
    ("state", "role"), [(S.AWAITING_DECISION, "committee"), (S.IN_REVIEW, "secretariat")]
)
def test_the_desk_case_page_with_its_audit_trail(client, big, tables, state, role):
    """The committee's view of a case awaiting decision (reviews, decision support) and the
    secretariat's of one in review (assignments, ranked suggestions over every reviewer's
    load and history); both show the case's audit trail."""
    dossier = big.sample[state]

    page = requested(client, getattr(big.people, role), reverse("desk:case", args=[dossier.pk]))

    assert [e.dossier_id for e in page.response.context["timeline"]] == [dossier.pk] * (
        len(register.PATHS[state]) + 1
    )
    events = page.scans("accreditation_auditevent")
    assert events and all(n["Node Type"] != "Seq Scan" for n in events)
    assert_index_backed(page, tables)


def test_the_desk_overview(client, big, tables):
    """Its figures are over every case and the whole period: cases by state, reviewer
    workload (every assignment and review), time in state (every dossier transition of the
    audit trail). Those read their tables whole, once each; the lists of overdue invitations
    and reviews are found by the (state, deadline) indexes."""
    every = plans.read_whole_once(DOSSIER, Assignment._meta.db_table, "reviewers_review")

    page = requested(client, big.people.secretariat, reverse("desk:overview"))

    assert page.response.context["total"] == 6000
    assert page.response.context["overdue_invitations"]["rows"]
    assert_index_backed(page, tables, allowed=[every])


@pytest.mark.parametrize(
    "query", ["", "?state=invited&deadline=overdue&field=digital", "?deadline=due_soon&page=2"]
)
def test_the_reviewers_queue(client, big, tables, query):
    """Read among the reviewer's own assignments, by the index on the assignment's reviewer."""
    page = requested(client, big.people.reviewer.user, reverse("review:queue") + query)

    assert_index_backed(page, tables)
    # The count and the page's keys are found among the reviewer's assignments; the rows
    # (with titles out of the versions' content) are read by key.
    by_reviewer = [e for e in page.queries if e.scans(ReviewerProfile._meta.db_table)]
    assert 1 <= len(by_reviewer) <= 2  # no keys to find on an empty page
    assert not any("-> 'title'" in e.sql for e in by_reviewer)


def test_the_reviewers_assignment_page_checks_its_grant_by_index(client, big, tables):
    """The assignee's grants stay in guardian's generic table: no list filters on them (the
    queue selects by reviewer), and the one object's check is an index lookup of (user,
    content type, object_pk) that compares text with text, no cast of a column."""
    assignment = Assignment.objects.filter(
        reviewer=big.people.reviewer, state=AssignmentState.SUBMITTED
    ).first()

    page = requested(
        client, big.people.reviewer.user, reverse("review:assignment", args=[assignment.pk])
    )

    grants = page.scans("guardian_userobjectpermission")
    assert grants and {n["Node Type"] for n in grants} <= {"Index Scan", "Index Only Scan"}
    assert_index_backed(page, tables)


def test_the_batch_assignment_preview(client, big, tables):
    """The dossiers needing reviewers (first 100 by time in review) and, for 20 ticked, the
    suggestions and the optimal assignment."""
    ticked = [d.pk for d in autoassign.needing_reviewers()[:20]]

    page = requested(
        client,
        big.people.secretariat,
        reverse("desk:assign_batch"),
        method="post",
        data={"dossier": ticked},
    )

    assert len(page.response.context["proposal"].rows) == 20
    assert_index_backed(page, tables)
