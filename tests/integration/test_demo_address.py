"""`make seed serve HOST=… PORT=…` at a port other than 8000: every absolute URL is the address
the demo is served at. The sitemap's pages, a registry document's `@id`, the did:web, the
demo badges and a link in an email are all followed on the running server.

The Makefile's own commands run, as a newcomer runs them (tests/integration/served_demo.py).
The README's one-dossier walkthrough on such a demo, in a browser, is
tests/e2e/test_readme_walkthrough.py.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest
import requests

from tests.integration.served_demo import HOST, PASSWORD, served_demo

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PROVIDER = "provider.toto-univ@example.org"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo seeded and served by the Makefile at a free port; yields (site_url, server,
    folder)."""
    folder = tmp_path_factory.mktemp("demo-address")
    with served_demo(folder) as (site_url, server):
        yield site_url, server, folder


def test_every_sitemap_url_is_served_at_the_demo_address(demo):
    site_url, _server, _folder = demo
    sitemap = requests.get(f"{site_url}/sitemap.xml", timeout=30)
    assert sitemap.status_code == 200
    locations = [loc.text for loc in ET.fromstring(sitemap.content).iter(f"{SITEMAP}loc")]
    assert len(locations) > 40  # both homes, catalogues, editorial, item and directory pages
    assert [url for url in locations if not url.startswith(f"{site_url}/")] == []
    with requests.Session() as session:
        broken = {url: session.get(url, timeout=30).status_code for url in locations}
    assert {url: code for url, code in broken.items() if code != 200} == {}


def test_registry_ids_and_the_did_name_the_demo_address(demo):
    site_url, _server, folder = demo
    changes = requests.get(f"{site_url}/registry/changes/?since=0", timeout=30).json()
    achievement = next(c for c in changes["changes"] if c["kind"] == "ob3-achievement")
    assert achievement["url"].startswith(f"{site_url}/registry/items/")
    document = requests.get(achievement["url"], timeout=30).json()
    assert document["id"] == achievement["url"]
    assert requests.get(document["id"], timeout=30).status_code == 200
    did = requests.get(f"{site_url}/.well-known/did.json", timeout=30).json()
    assert did["id"] == f"did:web:{HOST}%3A{site_url.rsplit(':', 1)[1]}"
    badge = json.loads((folder / "badges" / "accredited.json").read_text(encoding="utf-8"))
    achievement_id = badge["credentialSubject"]["achievement"]["id"]
    assert achievement_id.startswith(f"{site_url}/registry/items/")
    assert requests.get(achievement_id, timeout=30).status_code == 200


def test_a_link_in_an_email_opens_at_the_demo_address(demo):
    site_url, server, _folder = demo
    with requests.Session() as browser:
        browser.get(f"{site_url}/accounts/login/", timeout=30)
        signed_in = browser.post(
            f"{site_url}/accounts/login/",
            data={
                "login": PROVIDER,
                "password": PASSWORD,
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
            timeout=30,
        )
        assert signed_in.url.startswith(site_url) and "/accounts/login/" not in signed_in.url
        portal = browser.get(f"{site_url}/portal/", timeout=30).text
        organisation = re.search(r'href="/portal/organisations/(\d+)/"', portal).group(1)
        invited = browser.post(
            f"{site_url}/portal/organisations/{organisation}/invitations/",
            data={
                "email": "new.colleague@example.org",
                "role": "editor",
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
            timeout=30,
        )
        assert invited.status_code == 200
    # The console email backend prints the invitation into the server's output.
    link = server.wait_for(rf"{re.escape(site_url)}/portal/invitations/\S+", 30).group(0)
    assert requests.get(link, timeout=30).status_code == 200
