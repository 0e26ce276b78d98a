"""The catalogue's public read API: the page's filters and `q` search, as JSON for anyone."""

from decimal import Decimal

import pytest
import yaml

from tests.cms.factories import bulk_item_pages, item_content, item_page

pytestmark = pytest.mark.django_db

URL = "/api/v1/credentials/"


def add(language="ja", title="データ分析の基礎", **options):
    fields = {k: options.pop(k) for k in ("status", "total_hours") if k in options}
    return bulk_item_pages(language, [item_page(item_content(title, **options), **fields)])[0]


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_japanese_word_inside_a_title_is_found_and_filters_combine(client, reference_data):
    add(title="データ分析の基礎", mode="online")
    add(title="データ可視化の実践", mode="onsite")
    add(title="介護記録の書き方", mode="online")
    assert {r["title"] for r in results(client, q="データ")["results"]} == {
        "データ分析の基礎",
        "データ可視化の実践",
    }
    [only] = results(client, q="分析", mode="online")["results"]
    assert only["title"] == "データ分析の基礎"
    assert only["level"] == {"framework": "JEQF", "value": 5.0}
    assert only["languages"] == ["ja"] and only["delivery_mode"] == "online"
    assert only["url"].startswith("http://testserver/ja/catalogue/")
    assert only["registry_url"].endswith(f"/registry/items/{only['id']}/ob3-achievement.jsonld")


def test_the_language_parameter_chooses_the_catalogue(client, reference_data):
    add("en", title="Data Analysis")
    add("ja", title="データ分析")
    assert [r["title"] for r in results(client, language="en")["results"]] == ["Data Analysis"]
    assert [r["title"] for r in results(client)["results"]] == ["データ分析"]
    assert results(client, language="fr")["count"] == 0


def test_lapsed_items_only_when_asked_and_with_their_status(client, reference_data):
    add(title="認証中")
    add(title="停止中", status="suspended")
    assert [r["title"] for r in results(client)["results"]] == ["認証中"]
    statuses = {r["title"]: r["status"] for r in results(client, status="all")["results"]}
    assert statuses == {"認証中": "active", "停止中": "suspended"}


def test_a_filter_value_it_does_not_know_is_ignored(client, reference_data):
    add()
    data = results(client, eqf="x", hours="forever", sort="?", status="nope", mode="walking")
    assert data["count"] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "-3"}, "The query parameter “page” must be a whole number of 1 or more."),
        ({"page": "0"}, "The query parameter “page” must be a whole number of 1 or more."),
        ({"credits_min": "lots"}, "The query parameter “credits_min” must be a number."),
        ({"credits_max": "NaN"}, "The query parameter “credits_max” must be a number."),
        ({"colour": "red"}, "“colour” is not a query parameter here; this operation takes: "),
    ],
)
def test_a_parameter_of_the_wrong_type_or_unknown_is_a_400(client, reference_data, params, message):
    response = client.get("/api/v1/credentials/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]["en"].startswith(message)
    assert body["detail"]["ja"] and body["errors"] == []


def test_pages_link_to_each_other_with_every_parameter(client, reference_data):
    bulk_item_pages(
        "ja",
        [item_page(item_content(f"講座{i:03}"), total_hours=Decimal(40)) for i in range(60)],
    )
    first = results(client, language="ja", hours="30-60", sort="title")  # title: the default
    assert first["count"] == 60 and len(first["results"]) == 50 and first["previous"] is None
    assert "language=ja" in first["next"] and "hours=30-60" in first["next"]
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 10 and second["next"] is None
    assert second["results"][0]["title"] == "講座050"


def test_reads_are_open_to_any_site(client, reference_data):
    response = client.get(URL, HTTP_ORIGIN="https://registry.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert client.post(URL, {}).status_code == 405


def test_reads_are_throttled_per_client(client, reference_data, settings):
    settings.CATALOGUE_API_RATE = "3/min"
    codes = [client.get(URL).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_schema_documents_the_endpoint_and_its_parameters(client, reference_data):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    operation = schema["paths"]["/api/v1/credentials/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "field", "eqf", "mode", "status", "sort", "page", "language"} <= names


def test_queries_do_not_grow_with_the_catalogue(
    client, reference_data, django_assert_max_num_queries
):
    bulk_item_pages("ja", [item_page(item_content(f"講座{i}")) for i in range(3)])
    client.get(URL)  # warm per-process caches (site root paths)
    with django_assert_max_num_queries(20) as small:
        client.get(URL, {"q": "講座", "mode": "online"})
    small = len(small.captured_queries)
    bulk_item_pages("ja", [item_page(item_content(f"講座{i}")) for i in range(3, 120)])
    with django_assert_max_num_queries(small):
        data = results(client, q="講座", mode="online")
    assert data["count"] == 120 and len(data["results"]) == 50
