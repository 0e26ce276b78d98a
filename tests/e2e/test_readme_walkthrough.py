"""The README's "One dossier from draft to the catalogue", word for word, on the seeded demo.

The demo is seeded and served by the Makefile at a free port, not 8000 (as
tests/integration/test_demo_address.py does), and each step signs in with the README's demo
account and follows the README's labels: the header's links, the desk's *Submitted* tab, the
reviewer picked in the list by their email. The last step follows the catalogue item's
*Registry record* link, whose document names the address the demo is served at.
"""

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from demo.second_factor import DEMO_TOTP_SECRET
from tests.e2e.test_happy_path import (
    approve_the_case,
    enter_code_if_asked,
    expect_message,
    fill_the_six_fields,
    save_eligible_draft_and_submit,
    score_every_field_and_submit,
    sign_out,
    status_of,
)
from tests.integration.served_demo import PASSWORD, served_demo

# Not a title of the demo's own: the new item must be the one the steps find.
TITLE_JA = "統計的因果推論入門"
TITLE_EN = "Introduction to Causal Inference"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    with served_demo(tmp_path_factory.mktemp("walkthrough")) as (site_url, _server):
        yield site_url


@pytest.fixture
def fresh_page(new_context):
    """A page of its own browser context: nobody signed in, no language chosen yet."""

    def make():
        context = new_context()
        context.set_default_timeout(30_000)  # the development server, beside the whole suite
        return context.new_page()

    return make


def sign_in(page: Page, site_url, email):
    """Sign in at /accounts/login/ with the demo password (and, but for providers, the demo
    authenticator app's code); the account may open in Japanese, and the header's *English*
    button switches it (README)."""
    page.goto(f"{site_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    enter_code_if_asked(page, DEMO_TOTP_SECRET)  # the README's demo authenticator app
    expect(page).not_to_have_url(re.compile(r"/accounts/"))
    if page.locator("html").get_attribute("lang") != "en":
        page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def step_1_provider_submits(page: Page, site_url):
    sign_in(page, site_url, "provider.toto-univ@example.org")
    page.get_by_role("link", name="Provider portal").click()
    page.get_by_role("link", name="New dossier").click()
    expect(page.get_by_role("heading", name="New dossier")).to_be_visible()
    fill_the_six_fields(page, TITLE_JA, TITLE_EN)
    save_eligible_draft_and_submit(page, TITLE_EN)
    sign_out(page)


def step_2_secretariat_accepts_and_invites(page: Page, site_url):
    sign_in(page, site_url, "secretariat@example.org")
    page.get_by_role("link", name="Staff desk").click()
    page.get_by_role("link", name=re.compile(r"^Submitted \(\d+\)$")).click()
    page.get_by_role("link", name=TITLE_EN).click()
    expect(status_of(page)).to_have_text("Submitted")
    page.get_by_role("button", name="Accept for review").click()
    expect(status_of(page)).to_have_text("In review")

    reviews = page.locator(".card").filter(has=page.get_by_role("heading", name="Reviews"))
    for email in ("reviewer1@example.org", "reviewer2@example.org"):
        choice = reviews.get_by_role("combobox", name=re.compile("Accredited reviewers"))
        option = choice.locator("option").filter(has_text=f"({email})")
        expect(option).to_have_count(1)
        choice.select_option(option.get_attribute("value"))
        reviews.get_by_role("button", name="Invite to review").click()
        expect_message(page, "has been invited to review.")
    expect(reviews.get_by_role("row").filter(has_text="Invited")).to_have_count(2)
    sign_out(page)


def step_3_reviewer_reviews(page: Page, site_url, email, score):
    sign_in(page, site_url, email)
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=TITLE_EN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    page.get_by_label(re.compile("I have no conflict of interest with")).check()
    page.get_by_role("button", name="Accept and review").click()
    score_every_field_and_submit(page, score)
    sign_out(page)


def step_4_committee_approves(page: Page, site_url):
    sign_in(page, site_url, "committee@example.org")
    page.get_by_role("link", name="Staff desk").click()
    page.get_by_role("link", name=re.compile(r"^Awaiting decision \(\d+\)$")).click()
    approve_the_case(page, TITLE_EN)
    sign_out(page)


def step_5_anyone_finds_it(page: Page, site_url):
    page.goto(f"{site_url}/en/catalogue/")
    page.get_by_role("link", name=TITLE_EN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(page.get_by_role("status")).to_contain_text("Certified: valid from")
    expect(
        page.get_by_role("definition").filter(has_text="Toto National University")
    ).to_be_visible()
    record = page.get_by_role("link", name="Registry record (Open Badges 3.0 JSON-LD)")
    response = page.request.get(urljoin(page.url, record.get_attribute("href")))
    assert response.ok, response.status
    document = response.json()
    assert document["name"] == TITLE_JA
    assert document["id"].startswith(f"{site_url}/registry/items/")


def test_the_readme_walkthrough_works_at_a_port_other_than_8000(demo_url, fresh_page):
    assert not demo_url.endswith(":8000")
    step_1_provider_submits(fresh_page(), demo_url)
    step_2_secretariat_accepts_and_invites(fresh_page(), demo_url)
    step_3_reviewer_reviews(fresh_page(), demo_url, "reviewer1@example.org", 2)
    step_3_reviewer_reviews(fresh_page(), demo_url, "reviewer2@example.org", 3)
    step_4_committee_approves(fresh_page(), demo_url)
    step_5_anyone_finds_it(fresh_page(), demo_url)
