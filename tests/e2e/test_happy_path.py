"""The happy path through the three UIs, in a real browser, ending on the public catalogue.

A provider drafts and submits a dossier in the portal, the secretariat accepts it and invites
two reviewers on the desk, both reviewers accept and score it in their queue, the committee
approves it on the desk, and the certified item appears in the public catalogue in English and
in Japanese, with its Open Badges 3.0 JSON-LD record.

Every actor signs in through allauth's form (/accounts/login/) in a fresh browser context and
signs out at the end. Celery runs eagerly, so publishing happens on commit inside the live
server's request.
"""

import re
import time
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from accreditation.content import StandardField
from accreditation.models import Dossier, DossierState
from tests.accounts.codes import current_code, seconds_to_next_code
from tests.accreditation.factories import PASSWORD, TOTP_SECRET

TITLE_JA = "データサイエンス入門"
TITLE_EN = "Introduction to Data Science"


def enter_code_if_asked(page: Page, secret=TOTP_SECRET):
    """allauth's second step, for those who must have a second factor: the app's code. A code
    is taken once: someone signing in again within its 30 seconds waits for the next, as a
    person with the app would."""
    page.wait_for_load_state()
    for _attempt in range(2):
        if "/accounts/2fa/authenticate/" not in page.url:
            return
        if _attempt:
            expect(page.get_by_text("Incorrect code.")).to_be_visible()
            time.sleep(seconds_to_next_code())
        page.locator("input[name=code]").fill(current_code(secret))
        page.locator("input[name=code]").press("Enter")
        page.wait_for_load_state()


def sign_in(page: Page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page)
    # Sign-in lands on the dashboard, which forwards to the user's only area.
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def status_of(page: Page):
    """The status badge under the page's heading (portal and desk case pages)."""
    return page.locator("main h1 + p .badge")


def expect_message(page: Page, text):
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def fill_the_six_fields(page: Page, title_ja=TITLE_JA, title_en=TITLE_EN):
    """The new-dossier form, filled with what submission needs: the six standard fields."""
    page.get_by_label("Title (Japanese)").fill(title_ja)
    page.get_by_label("Title (English)").fill(title_en)
    page.get_by_label("Summary (Japanese)").fill("データ分析の基礎を学ぶ。")
    page.get_by_label("Summary (English)").fill("The basics of data analysis.")
    page.get_by_label("Field of study").select_option("digital")  # デジタル / Digital
    page.get_by_label("Aim (Japanese)").fill("実務でデータを扱える人材を育てる。")
    page.get_by_label("Aim (English)").fill("Train people to use data at work.")
    page.get_by_label("Target learners (Japanese)").fill("社会人")
    page.get_by_label("Target learners (English)").fill("Working adults")
    page.get_by_label("Contact hours").fill("30")
    page.get_by_label("Self-study hours").fill("25")
    page.get_by_label("Assessment hours").fill("5")
    # The topic and outcome lists offer empty rows; fill the first.
    page.get_by_label("Topic (Japanese)").first.fill("統計の基礎")
    page.get_by_label("Topic (English)").first.fill("Basic statistics")
    page.get_by_label("Delivery mode").select_option(label="Online")
    page.get_by_label("Level in the framework").fill("5")
    page.get_by_role("checkbox", name="Project", exact=True).check()
    page.get_by_label("Pass criteria (Japanese)").fill("課題で60点以上")
    page.get_by_label("Pass criteria (English)").fill("60% or more on the project")
    page.get_by_label("Supervision and identity verification").select_option(
        label="Supervised online with identity check"
    )
    page.get_by_label("Outcome (Japanese)").first.fill("データを可視化できる")
    page.get_by_label("Outcome (English)").first.fill("Can visualise data")


def save_eligible_draft_and_submit(page: Page, title_en=TITLE_EN):
    """Save draft, see the screening say Eligible, submit."""
    page.get_by_role("button", name="Save draft").click()

    expect_message(page, "Draft saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(title_en)
    expect(status_of(page)).to_have_text("Draft")
    # Everything needed for submission is there, and the screening passes.
    screening = page.locator("#screening")
    expect(screening.get_by_text("Eligible", exact=True)).to_be_visible()
    expect(
        screening.get_by_role("heading", name="Still to complete before submission")
    ).to_have_count(0)

    page.get_by_role("button", name="Submit for accreditation").click()
    expect_message(page, "Submitted. The secretariat will screen your dossier.")
    expect(status_of(page)).to_have_text("Submitted")


def provider_submits(page: Page, base_url, user):
    sign_in(page, base_url, user)
    page.goto(f"{base_url}/portal/")
    expect(page.get_by_role("heading", name="Your dossiers")).to_be_visible()
    page.get_by_role("link", name="New dossier").click()
    expect(page.get_by_role("heading", name="New dossier")).to_be_visible()
    fill_the_six_fields(page)
    save_eligible_draft_and_submit(page)
    sign_out(page)


def secretariat_accepts_and_invites(page: Page, base_url, user, reviewers):
    sign_in(page, base_url, user)
    page.goto(f"{base_url}/desk/")
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    page.get_by_role("link", name=TITLE_EN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(status_of(page)).to_have_text("Submitted")

    page.get_by_role("button", name="Accept for review").click()
    expect_message(page, "The dossier is now in review. Assign reviewers below.")
    expect(status_of(page)).to_have_text("In review")

    reviews = page.locator(".card").filter(has=page.get_by_role("heading", name="Reviews"))
    for reviewer in reviewers:
        name = str(reviewer)
        choice = reviews.get_by_role("combobox", name=re.compile("Accredited reviewers"))
        # As the README says: invite rev1@ and rev2@, told apart by their email.
        option = choice.locator("option").filter(has_text=f"{name} ({reviewer.user.email}) · ")
        choice.select_option(option.get_attribute("value"))
        reviews.get_by_role("button", name="Invite to review").click()
        expect_message(page, f"{name} has been invited to review.")
        expect(reviews.get_by_role("row").filter(has_text=name)).to_contain_text("Invited")
    # Two reviews are needed before the committee sees it.
    expect(status_of(page)).to_have_text("In review")
    sign_out(page)


def score_every_field_and_submit(page: Page, score):
    """The scoring form: the same score on each of the six fields, Approve, Submit review."""
    for number, (_key, label) in enumerate(StandardField.choices, start=1):
        field = page.get_by_role("group", name=f"{number}. {label}", exact=True)
        field.get_by_role("radio", name=re.compile(rf"^{score} —")).check()
    page.get_by_role("radio", name="Approve", exact=True).check()
    page.get_by_role("button", name="Submit review").click()

    expect_message(page, "Review submitted. Thank you.")
    expect(page.get_by_text(re.compile(r"^Submitted .*; locked\.$"))).to_be_visible()


def reviewer_reviews(page: Page, base_url, user, score):
    sign_in(page, base_url, user)
    page.goto(f"{base_url}/review/")
    expect(page.get_by_role("heading", name="Your review assignments")).to_be_visible()
    page.get_by_role("link", name=TITLE_EN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)

    page.get_by_label(re.compile("I have no conflict of interest with Org A")).check()
    page.get_by_role("button", name="Accept and review").click()
    expect_message(page, "Thank you. The dossier and the scoring form are open.")
    score_every_field_and_submit(page, score)
    sign_out(page)


def approve_the_case(page: Page, title_en=TITLE_EN):
    """From the desk's list of cases awaiting decision: open the case, record an approval."""
    page.get_by_role("link", name=title_en).click()
    expect(status_of(page)).to_have_text("Awaiting decision")

    decision = page.get_by_role("group", name="Committee decision")
    decision.get_by_role("radio", name="Approved", exact=True).check()
    decision.get_by_label("Rationale").fill(
        "全項目が基準を満たしている。All six fields meet the standard."
    )
    decision.get_by_role("button", name="Record decision").click()

    expect_message(page, "The decision has been recorded.")
    expect(status_of(page)).to_have_text("Accredited")


def committee_approves(page: Page, base_url, user):
    sign_in(page, base_url, user)
    page.goto(f"{base_url}/desk/")
    page.get_by_role("link", name=re.compile(r"^Awaiting decision \(1\)$")).click()
    approve_the_case(page)
    sign_out(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_dossier_goes_from_draft_to_the_public_catalogue(
    live_server, verified_people, new_browser_page, artifacts_dir
):
    people = verified_people
    base_url = live_server.url

    provider_submits(new_browser_page(), base_url, people.provider_a)
    secretariat_accepts_and_invites(
        new_browser_page(), base_url, people.secretariat, [people.reviewer, people.second_reviewer]
    )
    for reviewer, score in ((people.reviewer, 2), (people.second_reviewer, 3)):
        reviewer_reviews(new_browser_page(), base_url, reviewer.user, score)
    committee_approves(new_browser_page(), base_url, people.committee)

    dossier = Dossier.objects.get(organisation=people.org_a)
    assert dossier.state == DossierState.ACCREDITED

    # The public, signed out, in English.
    page = new_browser_page()
    page.goto(f"{base_url}/en/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Certified micro-credentials")
    expect(page.get_by_text("1 certified item", exact=True)).to_be_visible()
    page.get_by_role("link", name=TITLE_EN).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(page.get_by_role("status")).to_contain_text("Certified: valid from")
    expect(page.get_by_role("definition").filter(has_text="Org A")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # nobody signed in

    alternates = page.locator('head link[rel="alternate"][type="application/ld+json"]')
    expect(alternates).to_have_count(5)  # OB 3.0, CTDL, ELM, schema.org, the endorsement
    alternate = alternates.and_(page.locator('[title="Open Badges 3.0 Achievement"]'))
    response = page.request.get(urljoin(page.url, alternate.get_attribute("href")))
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("application/ld+json")
    record = response.json()
    assert record["achievementType"] == "MicroCredential"
    assert record["name"] == TITLE_JA
    # The approval's signed record rides inside, for badge platforms to embed.
    assert record["endorsement"][0]["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    page.screenshot(path=artifacts_dir / "catalogue-item.png", full_page=True)

    # The same item in the Japanese catalogue.
    page.goto(f"{base_url}/ja/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("認証済みマイクロクレデンシャル")
    page.get_by_role("link", name=TITLE_JA).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_JA)
    expect(page.get_by_role("definition").filter(has_text="組織A")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.screenshot(path=artifacts_dir / "catalogue-item-ja.png", full_page=True)
