"""Faceted browse of the catalogue: parsing, filters, disjunctive counts, sorting, URLs."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.http import QueryDict
from django.utils.html import strip_tags

from accreditation.models import DossierState, LevelEquivalence, ProviderKind
from cms.facets import CatalogueQuery, Vocabulary
from cms.models import CatalogueItemPage
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.factories import organisation
from tests.cms.factories import bulk_item_pages, item_content, item_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached_pages(client, settings):
    """These tests read the view's context, which a page served from the cache has not: a
    session cookie makes every request render (caching itself: tests/cms/test_page_cache)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-reader"


def parse(query_string):
    return CatalogueQuery.parse(QueryDict(query_string))


#: Options of `page` that are the page's own fields; the others go to item_content.
PAGE_FIELDS = {
    "status",
    "status_since",
    "total_hours",
    "accredited_on",
    "valid_until",
    "provider_slug",
    "provider_name",
}


def page(title, language="en", **content_options):
    """One published item page, its facet columns computed as publishing computes them."""
    fields = {k: content_options.pop(k) for k in list(content_options) if k in PAGE_FIELDS}
    kind = content_options.pop("provider_kind", ProviderKind.PRIVATE_UNIVERSITY)
    content = item_content(title, **content_options)
    return bulk_item_pages(language, [item_page(content, provider_kind=kind, **fields)])[0]


def titles(client, query_string, language="en"):
    response = client.get(f"/{language}/catalogue/?{query_string}")
    assert response.status_code == 200
    return [item.title for item in response.context["items"]]


def counts(client, query_string, facet):
    response = client.get(f"/en/catalogue/?{query_string}")
    facets = {f.name: f for f in [*response.context["facets"], response.context["status_facet"]]}
    return {value.value: value.count for value in facets[facet].values}


# --- parsing ---------------------------------------------------------------------------------


def test_valid_parameters_are_read():
    query = parse(
        "q=data&field=digital&field=education&level=JEQF:5&level=NSQF:4.5&eqf=6&hours=30-60"
        "&credits_system=ECTS&credits_min=1&credits_max=2.5&mode=online&lang=ja&provider=org-a"
        "&provider_type=company&stackable=stand_alone&fee=free&status=expired&sort=newest&page=3"
    )
    assert query.q == "data"
    assert query.field == ("digital", "education")
    assert query.level == (("JEQF", Decimal(5)), ("NSQF", Decimal("4.5")))
    assert query.eqf == (6,)
    assert query.hours == ("30-60",)
    assert (query.credits_system, query.credits_min, query.credits_max) == (
        "ECTS",
        Decimal(1),
        Decimal("2.5"),
    )
    assert (query.mode, query.lang, query.provider) == (("online",), ("ja",), ("org-a",))
    assert (query.provider_type, query.stackable, query.fee) == (
        ("company",),
        "stand_alone",
        ("free",),
    )
    assert (query.status, query.sort, query.page) == ("expired", "newest", 3)


def test_unknown_and_malformed_values_are_ignored():
    query = parse(
        "field=astrology&level=JEQF&level=XQF:3&level=JEQF:abc&level=JEQF:NaN&eqf=9&eqf=x"
        "&hours=1-2&credits_system=NOPE&credits_min=5&mode=teleport&lang=english&lang=j1"
        "&provider=Bad%20Slug&provider_type=pirates&stackable=maybe&fee=cheap&status=lost"
        "&sort=random&page=-2"
    )
    empty = parse("")
    assert query == empty
    assert query.status == "active"
    assert query.page == 1
    assert (query.credits_system, query.credits_min) == ("", None)


def test_bad_values_never_break_the_page(client):
    page("Data basics")
    for query_string in (
        "credits_system=ECTS&credits_min=1e999",
        "page=99999999999",
        "level=JEQF:1e5",
        "eqf=" + "1" * 500,
        "status=all&status=%FF",
        "page=%C2%B2",  # "²": a digit to str.isdigit(), not to int()
    ):
        assert client.get(f"/en/catalogue/?{query_string}").status_code == 200, query_string
    # A control character is refused before the page is read (config/input_rules.py).
    assert client.get("/en/catalogue/?status=all&status=%00").status_code == 400


def test_the_api_can_parse_a_plain_dict():
    query = CatalogueQuery.parse({"field": ["digital"], "mode": "online", "status": "all"})
    assert (query.field, query.mode, query.status) == (("digital",), ("online",), "all")


# --- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("field=education", ["Teaching"]),
        ("field=digital&field=education", ["Data", "Teaching"]),
        ("level=JEQF:6", ["Teaching"]),
        ("level=AQF:7", ["Nursing"]),
        ("mode=onsite", ["Nursing"]),
        ("lang=en", ["Data", "Nursing"]),
        ("lang=en&lang=ja", ["Data", "Nursing", "Teaching"]),
        ("provider=org-b", ["Nursing"]),
        ("provider_type=company", ["Teaching"]),
        ("stackable=stackable", ["Nursing"]),
        ("stackable=stand_alone", ["Data", "Teaching"]),
        ("hours=under-30", ["Data"]),
        ("hours=60-120&hours=240-plus", ["Nursing"]),
        ("fee=free", ["Data"]),
        ("fee=jpy-10000-50000", ["Teaching"]),
        ("fee=other-currency", ["Nursing"]),
        ("field=digital&mode=onsite", []),
    ],
)
def test_each_facet_filters(client, query_string, expected):
    page("Data", languages=("ja", "en"), fee=(0, "JPY"), total_hours=Decimal(20))
    page(
        "Teaching",
        field="education",
        level=6,
        provider_kind=ProviderKind.COMPANY,
        fee=(30000, "JPY"),
        total_hours=Decimal(45),
    )
    page(
        "Nursing",
        field="health_welfare",
        framework="AQF",
        level=7,
        mode="onsite",
        languages=("en",),
        stand_alone=False,
        fee=(500, "EUR"),
        provider_slug="org-b",
        total_hours=Decimal(90),
    )
    assert sorted(titles(client, query_string)) == expected


def test_credits_use_the_systems_hours_per_credit_and_ectss_range(client):
    page("Forty-five hours", total_hours=Decimal(45))  # 1 Japanese credit; 1.5–1.8 ECTS
    page("Ninety hours", total_hours=Decimal(90))  # 2 Japanese credits; 3–3.6 ECTS
    assert titles(client, "credits_system=JP&credits_min=2") == ["Ninety hours"]
    assert titles(client, "credits_system=JP&credits_max=1") == ["Forty-five hours"]
    # 1.8 ECTS at 25 h per credit: an item of 45 hours is worth up to 1.8, so 1.7–2 meets it.
    assert titles(client, "credits_system=ECTS&credits_min=1.7&credits_max=2") == [
        "Forty-five hours"
    ]
    assert titles(client, "credits_system=ECTS&credits_min=3.7") == []
    assert titles(client, "credits_system=ECTS&credits_min=3.6") == ["Ninety hours"]


def test_the_eqf_facet_follows_a_crosswalk_edit_without_republishing(client):
    page("Seven on AQF", framework="AQF", level=7)
    assert titles(client, "eqf=6") == ["Seven on AQF"]
    assert counts(client, "", "eqf") == {"6": 1}
    row = LevelEquivalence.objects.get(framework__code="AQF", level=7)
    row.eqf_level = 5
    row.save()  # as the admin saves it: the cached counts and pages are dropped
    assert titles(client, "eqf=6") == []
    assert titles(client, "eqf=5") == ["Seven on AQF"]
    assert counts(client, "", "eqf") == {"5": 1}


def test_each_listed_item_gives_the_date_that_goes_with_its_status(client):
    """A lapsed item is never "valid until" a date: it lapsed on one."""
    until, since = datetime.date(2029, 3, 31), datetime.date(2026, 10, 15)
    page("Active", "ja", valid_until=until)
    page("Old", "ja", status="expired", valid_until=datetime.date(2026, 7, 31))
    page("Paused", "ja", status="suspended", valid_until=until, status_since=since)
    page("Withdrawn", "ja", status="revoked", valid_until=until, status_since=since)
    response = client.get("/ja/catalogue/?status=all")
    status_lines = re.findall(
        r'<p class="small"><span class="badge.*?</p>', response.content.decode(), re.S
    )
    lines = {
        item.title: " ".join(strip_tags(line).split())
        for item, line in zip(response.context["items"], status_lines, strict=True)
    }
    assert lines == {
        "Active": "認証済み 2029年3月31日まで有効",
        "Old": "失効 認証は2026年7月31日に失効しました。",
        "Paused": "一時停止 認証は2026年10月15日から一時停止されています。",
        "Withdrawn": "取消 認証は2026年10月15日に取り消されました。",
    }


def test_lapsed_items_are_hidden_unless_asked_for(client):
    page("Active")
    page("Paused", status="suspended")
    page("Old", status="expired")
    page("Withdrawn", status="revoked")
    assert titles(client, "") == ["Active"]
    assert titles(client, "status=suspended") == ["Paused"]
    assert titles(client, "status=revoked") == ["Withdrawn"]
    assert titles(client, "status=all") == ["Active", "Old", "Paused", "Withdrawn"]
    html = client.get("/en/catalogue/?status=expired").content.decode()
    assert '<span class="badge expired">Expired</span>' in html
    assert "1 item" in html
    assert counts(client, "", "status") == {
        "active": 1,
        "suspended": 1,
        "expired": 1,
        "revoked": 1,
        "all": 4,
    }


def test_level_values_read_as_written_in_urls_and_labels(client):
    page("Ten", framework="AQF", level=10)
    page("Half", framework="NSQF", level=4.5)
    assert counts(client, "", "level") == {"AQF:10": 1, "NSQF:4.5": 1}
    response = client.get("/en/catalogue/?level=AQF:10.0")
    assert [item.title for item in response.context["items"]] == ["Ten"]
    assert dict(response.context["chips"])["Level: AQF 10"] == "?"


def test_search_and_facets_combine(client):
    page("Data statistics", field="digital")
    page("Teaching statistics", field="education")
    page("Data ethics", field="digital")
    assert titles(client, "q=statistics&field=digital") == ["Data statistics"]
    assert counts(client, "q=statistics", "field") == {"digital": 1, "education": 1}
    html = client.get("/en/catalogue/?q=statistics&field=digital").content.decode()
    assert "1 result for “statistics”" in html
    assert 'name="field" value="digital"' in html  # the search form keeps the filters


# --- counts ----------------------------------------------------------------------------------


def test_counts_are_disjunctive(client):
    page("A", field="digital", mode="online")
    page("B", field="digital", mode="onsite")
    page("C", field="education", mode="online")
    page("D", field="education", mode="blended")
    # A facet's own selection does not narrow its counts; the other facets' do.
    assert counts(client, "field=digital", "field") == {"digital": 2, "education": 2}
    assert counts(client, "field=digital", "mode") == {"online": 1, "onsite": 1}
    assert counts(client, "field=digital&mode=online", "field") == {"digital": 1, "education": 1}
    assert counts(client, "field=digital&mode=online", "mode") == {"online": 1, "onsite": 1}
    assert titles(client, "field=digital&mode=online") == ["A"]


def test_counts_of_multi_valued_languages_and_bands(client):
    page("A", languages=("ja", "en"), total_hours=Decimal(10), fee=(5000, "JPY"))
    page("B", languages=("en",), total_hours=Decimal(30), fee=(0, "USD"))
    page("C", languages=("ja",), total_hours=Decimal(300))
    assert counts(client, "", "lang") == {"en": 2, "ja": 2}
    assert counts(client, "", "hours") == {"under-30": 1, "30-60": 1, "240-plus": 1}
    assert counts(client, "", "fee") == {"free": 1, "jpy-under-10000": 1}
    assert counts(client, "lang=en", "hours") == {"under-30": 1, "30-60": 1}


def test_labels_are_in_the_pages_language(client):
    page("データ", language="ja", mode="onsite", languages=("en",))
    html = client.get("/ja/catalogue/").content.decode()
    assert "デジタル（IT・データサイエンス・AI） (1)" in html
    response = client.get("/ja/catalogue/")
    modes = next(f for f in response.context["facets"] if f.name == "mode")
    assert [(v.label, v.count) for v in modes.values] == [("対面", 1)]


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("ja", ["日本語", "英語", "中国語", "韓国語"]),
        ("en", ["Japanese", "English", "Chinese", "Korean"]),
    ],
)
def test_languages_are_named_in_the_pages_language_in_the_domains_order(client, language, names):
    # Given items taught in Japanese, Chinese and Korean, and in Korean and English,
    page("A", language=language, languages=("ko", "zh", "ja"))
    page("B", language=language, languages=("en", "ko"))
    # when the catalogue is read in a language,
    response = client.get(f"/{language}/catalogue/")
    languages = next(f for f in response.context["facets"] if f.name == "lang")
    # then each language is named in it (no code such as "ZH"), Japanese and English first.
    assert [(v.value, v.label, v.count) for v in languages.values] == [
        ("ja", names[0], 1),
        ("en", names[1], 1),
        ("zh", names[2], 1),
        ("ko", names[3], 2),
    ]


def test_a_selected_value_without_items_stays_visible_and_checked(client):
    page("A", field="digital")
    response = client.get("/en/catalogue/?field=digital&mode=work_based")
    modes = next(f for f in response.context["facets"] if f.name == "mode")
    assert [(v.value, v.count, v.selected) for v in modes.values] == [
        ("online", 1, False),
        ("work_based", 0, True),
    ]


# --- sorting, URLs, template -----------------------------------------------------------------


def test_sorting(client):
    page("B", total_hours=Decimal(60), accredited_on=datetime.date(2026, 1, 1))
    page("A", total_hours=Decimal(90), accredited_on=datetime.date(2025, 1, 1))
    page("C", total_hours=Decimal(30), accredited_on=datetime.date(2027, 1, 1))
    page("D", total_hours=Decimal(45), valid_until=datetime.date(2026, 12, 31))
    assert titles(client, "") == ["A", "B", "C", "D"]
    assert titles(client, "sort=newest") == ["C", "D", "B", "A"]
    assert titles(client, "sort=hours_asc") == ["C", "D", "B", "A"]
    assert titles(client, "sort=hours_desc") == ["A", "B", "D", "C"]
    assert titles(client, "sort=valid_until")[0] == "D"
    assert titles(client, "sort=relevance") == ["A", "B", "C", "D"]  # no search: by title


def test_a_search_can_be_sorted_other_than_by_relevance(client):
    page("Statistics, statistics", total_hours=Decimal(90))  # ranks first: the term twice
    page("Applied statistics", total_hours=Decimal(30))
    page("Ethics", total_hours=Decimal(10))
    ranked = ["Statistics, statistics", "Applied statistics"]
    assert titles(client, "q=statistics") == ranked
    assert titles(client, "q=statistics&sort=hours_asc") == ranked[::-1]
    html = client.get("/en/catalogue/?q=statistics").content.decode()
    assert '<option value="relevance" selected>Relevance</option>' in html


def test_pagination_links_keep_every_parameter(client):
    bulk_item_pages("en", [item_page(item_content(f"Course {i:02}")) for i in range(52)])
    response = client.get("/en/catalogue/?field=digital&mode=online&sort=hours_desc")
    html = response.content.decode()
    assert response.context["next_url"] == "?page=2&field=digital&mode=online&sort=hours_desc"
    assert 'href="?page=2&amp;field=digital&amp;mode=online&amp;sort=hours_desc"' in html
    second = client.get("/en/catalogue/" + response.context["next_url"])
    assert len(second.context["items"]) == 2
    assert second.context["previous_url"] == "?field=digital&mode=online&sort=hours_desc"


def test_chips_remove_one_filter_each(client):
    page("A", field="digital")
    response = client.get("/en/catalogue/?q=data&field=digital&field=education&status=all")
    chips = dict(response.context["chips"])
    assert chips["Search: data"] == "?field=digital&field=education&status=all"
    assert (
        chips["Field of study: Digital (IT, data science, AI)"]
        == "?q=data&field=education&status=all"
    )
    assert chips["Status: All"] == "?q=data&field=digital&field=education"
    assert response.context["clear_url"] == "?q=data"
    html = response.content.decode()
    assert "Apply filters" in html
    assert 'href="?q=data"' in html  # Clear filters


def test_the_form_works_without_javascript(client):
    page("A", field="digital")
    html = client.get("/en/catalogue/?field=digital").content.decode()
    # A native disclosure (no script); folded on phones so that the results come first.
    assert '<details class="catalogue-filters">' in html and "<summary>" in html
    assert (
        '<input type="checkbox" name="field" value="digital" checked>'
        " Digital (IT, data science, AI) (1)" in html
    )
    assert '<select id="catalogue-sort" name="sort">' in html
    assert '<input type="radio" name="status" value="expired"> Expired (0)' in html
    assert '<input type="radio" name="status" value="active" checked> Certified (1)' in html


# --- publishing and backfill -----------------------------------------------------------------


def test_publishing_fills_the_facet_columns(people, django_capture_on_commit_callbacks):
    dossier = make_dossier(
        people.org_a,
        author=people.provider_a,
        fee={"amount": 12000, "currency": "JPY"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        advance(dossier, DossierState.ACCREDITED, people.cast())
    pages = CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)
    assert pages.count() == 2
    for item in pages:
        assert item.field_of_study_code == "digital"
        assert (item.level_framework, item.level) == ("JEQF", Decimal(5))
        assert (item.delivery_mode, item.languages) == ("online", "|ja|")
        assert item.provider_kind == people.org_a.kind
        assert item.stand_alone is True
        assert (item.fee_amount, item.fee_currency) == (Decimal(12000), "JPY")


def test_the_migration_backfills_pages_from_their_content():
    org = organisation(slug="backfill-org", kind=ProviderKind.COMPANY)
    content = item_content(
        "Old page", field="education", mode="blended", languages=("en", "ja"), fee=(0, "JPY")
    )
    old = bulk_item_pages("en", [item_page(content, provider_slug=org.slug)])[0]
    blank = dict.fromkeys(
        ("field_of_study_code", "level_framework", "delivery_mode", "languages", "provider_kind"),
        "",
    )
    CatalogueItemPage.objects.filter(pk=old.pk).update(**blank, level=None, fee_amount=None)
    migration = importlib.import_module("cms.migrations.0006_facets")
    migration.fill_facets(apps, None)
    old.refresh_from_db()
    assert (old.field_of_study_code, old.delivery_mode) == ("education", "blended")
    assert (old.level_framework, old.level) == ("JEQF", Decimal(5))
    assert (old.languages, old.provider_kind) == ("|en|ja|", "company")
    assert (old.fee_amount, old.fee_currency) == (Decimal(0), "JPY")


# --- query count -----------------------------------------------------------------------------

FILTERED = (
    "/en/catalogue/?q=course&field=digital&field=education&eqf=5&hours=30-60&mode=online"
    "&lang=ja&provider_type=private_university&fee=free&status=all&sort=newest"
    "&credits_system=ECTS&credits_min=1"
)


def varied_pages(start, n):
    modes = ["online", "onsite", "blended", "work_based"]
    fields = ["digital", "education", "health_welfare", "arts"]
    return [
        item_page(
            item_content(
                f"Course {i}",
                field=fields[i % 4],
                level=1 + i % 8,
                mode=modes[i % 4],
                languages=[("ja",), ("en",), ("ja", "en")][i % 3],
                stand_alone=bool(i % 2),
                fee=[None, (0, "JPY"), (i * 100, "JPY"), (i, "EUR"), (50000, "JPY")][i % 5],
            ),
            provider_slug=f"org-{i % 7}",
            provider_name=f"Org {i % 7}",
            status=["active", "suspended", "expired"][i % 3],
            total_hours=Decimal(10 + i % 300),
        )
        for i in range(start, start + n)
    ]


QUERIES = 30


def test_the_filtered_page_runs_as_many_queries_at_5000_items_as_at_100(
    client, django_assert_max_num_queries
):
    [item, *_] = bulk_item_pages("en", varied_pages(0, 100))
    client.get("/en/")  # warm per-process caches (site root paths), as a running server has
    small = {}
    for url in (FILTERED, "/en/catalogue/", item.url):
        with django_assert_max_num_queries(QUERIES) as captured:
            small[url] = client.get(url)
        small[url].queries = len(captured.captured_queries)  # the next request resets the log
    bulk_item_pages("en", varied_pages(100, 4900))
    large = {}
    for url, small_response in small.items():
        with django_assert_max_num_queries(small_response.queries):
            large[url] = client.get(url)
        assert large[url].status_code == 200
    count = {url: r.context["items"].paginator.count for url, r in large.items() if url != item.url}
    assert 0 < small[FILTERED].context["items"].paginator.count < count[FILTERED]
    assert count["/en/catalogue/"] > small["/en/catalogue/"].context["items"].paginator.count
    assert large[item.url].context["page"].pk == item.pk


def test_vocabulary_is_read_in_two_queries_once_the_names_are_kept(django_assert_num_queries):
    with django_assert_num_queries(4):  # and the two tables' names, kept after this
        Vocabulary.load()
    with django_assert_num_queries(2):  # the credit systems' hours, the crosswalk
        vocabulary = Vocabulary.load()
    assert "digital" in vocabulary.fields
    assert vocabulary.credit_systems["ECTS"] == (Decimal(25), Decimal(30))
