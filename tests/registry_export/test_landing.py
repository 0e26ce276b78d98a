"""/registry/: the registry's landing page says what it offers, and every link works."""

import re

import pytest

from registry_export import dumps

pytestmark = pytest.mark.django_db


def main_links(response):
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return re.findall(r'href="([^"]+)"', main)


def test_the_landing_page_links_everything_the_registry_offers(
    client, certified, settings, tmp_path, django_assert_max_num_queries
):
    settings.REGISTRY_DUMP_DIR = tmp_path / "dumps"
    dumps.write_dumps()
    with django_assert_max_num_queries(3):
        response = client.get("/registry/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    item = f"/registry/items/{certified.credential_id}/"
    links = main_links(response)
    assert links == [
        f"{item}ob3-achievement.jsonld",
        f"{item}ob3-endorsement.jsonld",
        f"{item}ctdl.jsonld",
        f"{item}elm.jsonld",
        f"{item}schema-org.jsonld",
        f"{item}?format=ob3",
        f"{item}?format=ctdl",
        f"{item}?format=elm",
        f"{item}?format=schema-org",
        "/registry/dumps/",
        "/registry/dumps/registry.jsonl.gz",
        "/registry/dumps/registry.jsonld.gz",
        "/registry/dumps/registry.nq.gz",
        "/registry/changes/?since=0",
        "/registry/status/revocation",
        "/registry/status/suspension",
        "/.well-known/did.json",
        "/en/verify/",
        "/api/v1/credentials/",
        "/api/v1/schema/",
        "/feeds/certified.ja.atom",
        "/feeds/certified.en.atom",
        "/sitemap.xml",
    ]
    for link in links:
        assert client.get(link).status_code == 200, link
    text = response.content.decode()
    assert "The register's 1 micro-credential, certified now or once" in text
    assert "Last written" in text and "5 documents." in text
    assert "POST /api/v1/verify/" in text


def test_the_landing_page_is_in_japanese_and_says_what_is_not_there_yet(
    client, db, settings, tmp_path
):
    settings.REGISTRY_DUMP_DIR = tmp_path / "empty"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"  # the reader chose Japanese
    response = client.get("/registry/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>公開レジストリ</h1>" in text
    assert "登録簿の 0 件のマイクロクレデンシャル" in text
    assert "ダンプはまだ作成されていません。" in text
    assert "ステータスリストはまだ署名されていません。" in text
    assert "/registry/items/" not in " ".join(main_links(response))


def test_every_page_links_the_registry_from_its_footer(client, db):
    footer = re.search(r"<footer.*</footer>", client.get("/registry/").content.decode(), re.S)
    assert '<a href="/registry/">' in footer.group(0)
