"""The public statistics page: certified items by field, level, provider type and quarter."""

import datetime
import uuid
import xml.etree.ElementTree as ET

import pytest

from accreditation.charts import Row, column_chart
from accreditation.models.organisations import ProviderKind
from cms.models import CatalogueIndexPage, CatalogueItemPage
from cms.statistics import catalogue_statistics
from tests.accreditation.factories import organisation

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def add_item(
    language, *, org, field="Digital", level=("JEQF", 5), on=(2026, 2, 1), status="active"
):
    index = CatalogueIndexPage.objects.get(locale__language_code=language)
    key = uuid.uuid4()
    page = CatalogueItemPage(
        title=f"Item {key.hex[:6]}",
        slug=key.hex[:12],
        credential_id=key,
        dossier_id=1,
        status=status,
        provider_name=org.name_en,
        provider_slug=org.slug,
        field_of_study=field,
        total_hours=10,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2029, 1, 1),
        accredited_on=datetime.date(*on),
        content={"level": {"framework": level[0], "value": level[1]}},
    )
    return index.add_child(instance=page)


@pytest.fixture
def catalogue(db):
    university = organisation(kind=ProviderKind.NATIONAL_UNIVERSITY)
    company = organisation(kind=ProviderKind.COMPANY)
    add_item("en", org=university, field="Digital", level=("JEQF", 5), on=(2025, 11, 3))
    add_item("en", org=university, field="Digital", level=("EQF", 4.5), on=(2026, 5, 20))
    add_item("en", org=company, field="Health", level=("JEQF", 5), on=(2026, 6, 30))
    add_item("en", org=company, field="Health", status="suspended")
    add_item("en", org=company, field="Law", status="revoked")
    add_item("ja", org=company, field="保健", level=("JEQF", 6), on=(2026, 1, 5))
    return university, company


def breakdown(language, key):
    total, breakdowns = catalogue_statistics(language)
    return total, dict(next(b for b in breakdowns if b.key == key).rows)


def test_counts_only_active_items_of_the_language(catalogue):
    total, fields = breakdown("en", "fields")
    assert total == 3
    assert fields == {"Digital": 2, "Health": 1}  # suspended and revoked left out, no 保健
    assert breakdown("en", "levels")[1] == {"EQF 4.5": 1, "JEQF 5": 2}
    assert breakdown("en", "providers")[1] == {"National university": 2, "Company": 1}
    assert breakdown("ja", "fields") == (1, {"保健": 1})


def test_quarters_run_without_gaps_from_the_first_decision_to_the_last(catalogue):
    _total, breakdowns = catalogue_statistics("en")
    quarters = next(b for b in breakdowns if b.key == "quarters").rows
    assert quarters == [("2025 Q4", 1), ("2026 Q1", 0), ("2026 Q2", 2)]


def parse_charts(html):
    charts = [html[start : html.index("</svg>", start) + 6] for start in _starts(html, "<svg")]
    return [ET.fromstring(chart) for chart in charts]


def _starts(text, needle):
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def test_the_page_renders_four_charts_with_tables_in_english(client, catalogue):
    response = client.get("/en/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    charts = parse_charts(html)
    assert len(charts) == 4
    assert all(chart.find(f"{SVG}title") is not None for chart in charts)
    assert '<th scope="row">National university</th><td>2</td>' in html
    assert "Suspended, expired and revoked items are not counted." in html
    assert '<th scope="col">Provider type</th>' in html


def test_the_page_renders_in_japanese(client, catalogue):
    response = client.get("/ja/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(parse_charts(html)) == 4
    assert '<html lang="ja">' in html
    assert '<th scope="row">企業</th><td>1</td>' in html  # the provider type, translated
    assert '<th scope="row">保健</th><td>1</td>' in html
    assert "Company" not in html


def test_the_catalogue_and_home_pages_link_to_it(client, catalogue):
    assert 'href="/en/statistics/"' in client.get("/en/catalogue/").content.decode()
    assert 'href="/en/statistics/"' in client.get("/en/").content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    orgs = [organisation(kind=kind) for kind in (ProviderKind.COMPANY, ProviderKind.NGO)]
    for n in range(count):
        add_item("en", org=orgs[n % 2], field=f"Field {n % 7}", on=(2024 + n % 3, n % 12 + 1, 1))
    with django_assert_max_num_queries(6):
        response = client.get("/en/statistics/")
    assert f"{count} micro-credentials are certified today." in response.content.decode()


def test_a_column_chart_draws_columns_to_scale_and_parses():
    root = ET.fromstring(
        str(
            column_chart(
                [Row("Q1", (2,)), Row("Q2", (0,)), Row("<Q3>", (4,))],
                chart_id="c",
                title="t",
                desc="d",
            )
        )
    )
    heights = [float(bar.get("height")) for bar in root.findall(f".//{SVG}rect[@class='bar']")]
    assert heights[0] * 2 == pytest.approx(heights[2])
    assert heights[1] == 0
    assert root.find(f"{SVG}desc").text == "d"
    ET.fromstring(str(column_chart([], chart_id="e", title="t", desc="d")))
