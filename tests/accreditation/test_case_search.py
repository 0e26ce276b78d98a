"""The desk's case list (/desk/): search by title, reference, provider and number, combined
with the state filter, 50 a page with page links; hostile query strings get a clear 400 or
the nearest page; the same number of queries whatever the page holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation import selectors
from accreditation.case_search import matching, page_number, url
from accreditation.models import Dossier, DossierState
from demo.workflow import advance
from tests.accreditation.factories import complete_content, organisation
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
CASES = reverse("desk:cases")


@pytest.fixture
def desk(client, people):
    client.force_login(people.secretariat)
    return client


@pytest.fixture
def cases(people):
    """Four cases of two providers, in two states."""
    hokuto = organisation(slug="hokuto", name_ja="北都大学", name_en="Hokuto University")
    made = {
        "data": make_dossier(
            people.org_a, title={"ja": "データサイエンス入門", "en": "Introduction to Data Science"}
        ),
        "nursing": make_dossier(
            hokuto, title={"ja": "看護管理の基礎", "en": "Basics of Nursing Management"}
        ),
        "data_2": make_dossier(
            hokuto, title={"ja": "データ可視化演習", "en": "Data Visualisation Workshop"}
        ),
        "robots": make_dossier(people.org_a, title={"ja": "ロボット制御", "en": "Robot Control"}),
    }
    Dossier.objects.filter(pk=made["nursing"].pk).update(provider_reference="NUR-301")
    advance(made["data"], S.SUBMITTED, people.cast())
    advance(made["robots"], S.SUBMITTED, people.cast())
    return {name: Dossier.objects.get(pk=d.pk) for name, d in made.items()}


def found(desk, **params):
    response = desk.get(CASES, params)
    assert response.status_code == 200
    return response, [d.pk for d in response.context["page"]]


def pks(cases, *names):
    return sorted(cases[name].pk for name in names)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("データ", ["data", "data_2"]),  # Japanese title, inside a word
        ("visualisation", ["data_2"]),  # English title, any case
        ("nur-301", ["nursing"]),  # the provider's reference
        ("北都", ["nursing", "data_2"]),  # the provider's Japanese name
        ("hokuto univ", ["nursing", "data_2"]),  # English name; every word must match
        ("データ hokuto", ["data_2"]),  # words match different columns
        ("Org A robot", ["robots"]),
        ("nothing-like-this", []),
        # Words of one or two characters (on PostgreSQL: among the case's characters and
        # pairs, migration 0012): the same matches as a longer word's.
        ("看護", ["nursing"]),
        ("演", ["data_2"]),
        ("ro", ["data", "robots"]),  # "Intro", "Robot", "Control"; any case
        ("r-", ["nursing"]),  # inside the reference NUR-301
        ("看護 nu", ["nursing"]),
        ("%", []),  # LIKE's wildcards and escape are words like any other
        ("_", []),
        ("\\", []),
    ],
)
def test_words_match_titles_references_and_providers(desk, cases, q, expected):
    _response, shown = found(desk, q=q)
    assert sorted(shown) == pks(cases, *expected)


def test_a_case_is_found_by_its_number(desk, cases):
    number = cases["robots"].pk
    assert found(desk, q=f"#{number}")[1] == [number]
    assert found(desk, q=str(number))[1] == [number]


def test_the_search_combines_with_the_state_and_counts_what_it_matches(desk, cases):
    response, shown = found(desk, q="データ", state="submitted")
    assert shown == [cases["data"].pk]
    counts = {value: count for value, _label, count, _url in response.context["states"]}
    assert (counts["submitted"], counts["draft"], counts["accredited"]) == (1, 1, 0)
    assert response.context["total"] == 2
    html = response.content.decode()
    # Every link keeps the search; the state tab adds its state.
    assert 'href="?q=%E3%83%87%E3%83%BC%E3%82%BF&amp;state=draft"' in html
    assert '<input type="hidden" name="state" value="submitted">' in html
    assert "1 case matches “データ”." in html


def many(org, n, *, title="Case"):
    """n drafts at once, oldest first (the list is ordered by time in state)."""
    start = timezone.now() - timedelta(days=n)
    return Dossier.objects.bulk_create(
        Dossier(
            organisation=org,
            content=complete_content(title={"ja": f"{title} {i}", "en": f"{title} {i}"}),
            state_changed_at=start + timedelta(days=i),
        )
        for i in range(n)
    )


def test_the_list_pages_at_50_with_links_that_keep_the_search(desk, people):
    made = many(people.org_a, 120, title="Lot")
    first, shown = found(desk, q="lot")
    assert shown == [d.pk for d in made[:50]]
    assert first.context["page"].paginator.num_pages == 3
    assert [number for number, _url in first.context["pages"]] == [1, 2, 3]
    html = first.content.decode()
    assert '<a href="?q=lot&amp;page=2">2</a>' in html
    assert '<a href="?q=lot" aria-current="page">1</a>' in html
    assert '<a href="?q=lot&amp;page=2" rel="next">' in html
    _third, shown = found(desk, q="lot", page="3")
    assert shown == [d.pk for d in made[100:]]


def test_far_pages_are_elided(desk, people):
    many(people.org_a, 50 * 12)
    response, _shown = found(desk, page="6")
    assert [number for number, _url in response.context["pages"]] == [
        1, "…", 4, 5, 6, 7, 8, "…", 12,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("abc", 1),
        ("", 1),
        ("0", 1),
        ("-3", 1),
        ("2.5", 1),
        ("99999999999999999999999999", 3),
        ("9" * 5000, 1),  # more digits than Python turns into a number
        ("3", 3),
    ],
)
def test_a_page_that_does_not_exist_gives_the_nearest_one(desk, people, page, expected):
    many(people.org_a, 120)
    response = desk.get(CASES, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == expected


def test_a_search_that_cannot_be_one_is_refused_with_a_clear_error(desk, cases):
    response = desk.get(CASES, {"q": "x" * 201})
    assert response.status_code == 400
    assert response.context["page"] is None
    message = "Ensure this value has at most 200 characters (it has 201)."
    assert [str(e) for e in response.context["form"].errors["q"]] == [message]
    assert message in response.content.decode()


@pytest.mark.parametrize("q", ["data\x00", "\x00", "a\x07b", "\x1b[31mred", "x\x7f", "\u009b"])
def test_a_search_with_a_control_character_is_refused_at_the_door(desk, cases, q):
    response = desk.get(CASES, {"q": q})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“q”" in html and "control character" in html  # config/input_rules.py
    assert "\x00" not in html and "\x1b" not in html


def test_tabs_and_line_breaks_pasted_into_a_search_separate_words(desk, cases):
    assert sorted(found(desk, q="データ\thokuto\r\n")[1]) == pks(cases, "data_2")


@pytest.mark.parametrize("state", ["nope", "'; DROP TABLE x; --"])
def test_an_unknown_state_is_refused_with_a_clear_error(desk, cases, state):
    response = desk.get(CASES, {"state": state})
    assert response.status_code == 400
    assert "Unknown state." in response.content.decode()


def test_the_search_keeps_a_constant_number_of_queries(desk, people, django_assert_max_num_queries):
    many(people.org_a, 3, title="Lot")
    with django_assert_max_num_queries(20) as few:
        desk.get(CASES, {"q": "lot lo", "state": "draft"})
    many(people.org_b, 80, title="Lot")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = desk.get(CASES, {"q": "lot lo", "state": "draft", "page": "2"})
    assert len(response.context["page"]) == 33


def test_the_search_reads_each_case_once_without_a_subquery(people):
    """The plan of the page's query: one scan of the cases, the provider found by its key,
    no subquery run per row (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN)."""
    many(people.org_a, 5)
    cases = selectors.desk_cases(state="draft", matching=matching(["データ", "org"]))[:50]
    sql, params = cases.query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SUBQUERY" not in plan.upper() and "SubPlan" not in plan, plan
    if connection.vendor == "sqlite":
        assert "accreditation_dossier" in plan
        assert "SEARCH accreditation_providerorganisation USING INTEGER PRIMARY KEY" in plan


def test_matching_and_links_in_isolation():
    assert matching([]).children == []
    assert page_number(None, 4) == 1
    assert url() == "?"
    assert url(q="a b", state="draft", page=2) == "?q=a+b&state=draft&page=2"
    assert url(q="a", page=1) == "?q=a"


def test_a_page_of_the_search_is_what_the_captured_sql_says(people):
    """The words are parameters of the query, never part of its text."""
    many(people.org_a, 2)
    with CaptureQueriesContext(connection) as captured:
        list(selectors.desk_cases(matching=matching(["'%_x"])))
    assert "'%_x" not in captured.captured_queries[-1]["sql"].split("LIKE")[0]
