"""The walkthrough's rough edges that are about layout, checked in Chromium on a desktop
(1280×900) and a phone (390×844), in Japanese, with a screenshot of each in
test-artifacts/e2e/:

- the statistics chart draws its longest label whole (デジタル（IT・データサイエンス・AI）);
- /desk/reviewers/ reads its column headers (レベル) on one line beside a long column;
- the verify result keeps 問題なし on one line;
- the "suggest a colleague" field of a declined invitation is as wide as its form, labelled;
- the desk's case list search fits the phone.

Text on one line is measured, not guessed: the line boxes of an element's text nodes, told
apart by their tops.
"""

import json

import pytest
from playwright.sync_api import Page, expect

from accreditation.models import DossierState, FieldOfStudy
from demo.workflow import advance
from reviewers import services as reviewer_services
from tests.accreditation.factories import dossier as make_dossier
from tests.e2e.test_happy_path import sign_in
from tests.e2e.test_verify import issue_badge, stored_achievement
from tests.reviewers.factories import accredited_reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}
LONGEST_FIELD = "デジタル（IT・データサイエンス・AI）"

LINES = """(element) => {
    // The lines its text is set on: the distinct tops of its text nodes' line boxes.
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
            if (rect.width > 0) tops.add(Math.round(rect.top));
        }
    }
    return tops.size;
}"""


@pytest.fixture
def open_page(browser, live_server, settings):
    """A page on a device, in Japanese, signed in as `user` (signing in reads English)."""
    contexts = []

    def open_(device, user=None):
        context = browser.new_context(**DEVICES[device], locale="ja-JP", timezone_id="Asia/Tokyo")
        contexts.append(context)
        context.set_default_timeout(15_000)
        cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "url": live_server.url}
        page = context.new_page()
        if user is not None:
            context.add_cookies([{**cookie, "value": "en"}])
            sign_in(page, live_server.url, user)
        context.add_cookies([{**cookie, "value": "ja"}])
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def certified(verified_people, django_capture_on_commit_callbacks):
    """A course of the field with the longest name, certified through the workflow."""
    people = verified_people
    dossier = make_dossier(people.org_a, author=people.provider_a, field_of_study="digital")
    with django_capture_on_commit_callbacks(execute=True):
        return advance(dossier, DossierState.ACCREDITED, people.cast())


def fits_the_screen(page: Page):
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, (scroll, inner)


@pytest.mark.parametrize("device", DEVICES)
def test_the_statistics_chart_draws_its_longest_label_whole(
    open_page, live_server, certified, artifacts_dir, device
):
    page = open_page(device)
    page.goto(f"{live_server.url}/ja/statistics/")
    chart = page.locator("svg#chart-field, svg[aria-labelledby^='chart-field']").first
    label = chart.locator("text[text-anchor=end]").filter(has_text=LONGEST_FIELD).first
    # Drawn whole (no "…"), and inside the picture: its left edge is not cut by the SVG's.
    drawn = label.evaluate("(t) => t.lastChild.textContent")
    assert drawn == LONGEST_FIELD
    left = label.evaluate("(t) => t.getBBox().x")
    assert left >= 0, left
    fits_the_screen(page)
    chart.screenshot(path=artifacts_dir / f"statistics-field-chart-{device}.png")


@pytest.mark.parametrize("device", DEVICES)
def test_the_reviewer_list_reads_its_headers_on_one_line(
    open_page, live_server, verified_people, artifacts_dir, device
):
    # A reviewer accredited for every field: the fields column is long, the levels short.
    accredited_reviewer(
        fields=list(FieldOfStudy.objects.values_list("code", flat=True)),
        email="all@example.org",
        first_name="Ai",
        last_name="Mori",
    )
    page = open_page(device, verified_people.secretariat)
    page.goto(f"{live_server.url}/desk/reviewers/")
    table = page.locator("table").filter(has=page.get_by_role("columnheader", name="レベル")).last
    headers = table.locator("thead th")
    expect(headers.filter(has_text="レベル")).to_have_count(1)
    for header in headers.all():
        text = header.inner_text()
        if text:
            assert header.evaluate(LINES) == 1, text
    # Short values stay whole too: levels, languages, state and the renew link on one line,
    # the (short) name and the email each on one (nothing cut inside a word).
    cells = table.locator("tbody tr").filter(has_text="all@example.org").locator("td")
    for index in (2, 3, 5, 6):
        assert cells.nth(index).evaluate(LINES) == 1, cells.nth(index).inner_text()
    reviewer = cells.nth(0)
    _name, email = reviewer.inner_text().split("\n")
    assert email == "all@example.org"
    assert reviewer.evaluate(LINES) == 2, reviewer.inner_text()
    table.screenshot(path=artifacts_dir / f"desk-reviewers-headers-{device}.png")


@pytest.mark.parametrize("device", DEVICES)
def test_the_verify_result_keeps_its_verdict_words_whole(
    open_page, live_server, certified, artifacts_dir, device
):
    badge = json.dumps(issue_badge(stored_achievement(certified)), ensure_ascii=False)
    page = open_page(device)
    page.goto(f"{live_server.url}/ja/verify/")
    page.locator("textarea[name=credential]").fill(badge)
    page.locator("form button[type=submit]").click()
    expect(page.locator(".status-banner")).to_have_attribute("data-verdict", "certified")
    outcomes = page.locator("td.outcome")
    expect(outcomes.filter(has_text="問題なし").first).to_be_visible()
    for outcome in outcomes.all():
        assert outcome.evaluate(LINES) == 1, outcome.inner_text()
    fits_the_screen(page)
    page.locator("section.card").first.screenshot(
        path=artifacts_dir / f"verify-result-outcomes-{device}.png"
    )


@pytest.mark.parametrize("device", DEVICES)
def test_the_suggest_a_colleague_field_is_as_wide_as_its_form(
    open_page, live_server, verified_people, artifacts_dir, device
):
    people = verified_people
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    assignment = reviewer_services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )
    page = open_page(device, people.reviewer.user)
    page.goto(f"{live_server.url}/review/assignments/{assignment.pk}/")
    field = page.get_by_label("代わりの方を推薦する", exact=True)
    expect(field).to_be_visible()
    expect(field).to_have_attribute("type", "text")
    expect(field).to_have_accessible_description("任意：氏名とメールアドレス。事務局が依頼します。")
    form = page.locator("form").filter(has=field)
    field_width = field.evaluate("(e) => e.getBoundingClientRect().width")
    form_width = form.evaluate("(e) => e.getBoundingClientRect().width")
    assert field_width >= 0.95 * form_width, (field_width, form_width)
    assert field_width >= 250, field_width
    fits_the_screen(page)
    form.screenshot(path=artifacts_dir / f"decline-suggest-colleague-{device}.png")


def test_the_case_list_search_fits_a_phone(open_page, live_server, verified_people, artifacts_dir):
    people = verified_people
    make_dossier(people.org_a, author=people.provider_a)
    page = open_page("phone", people.secretariat)
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role("searchbox", name="案件を検索").fill("データ 組織A")
    page.get_by_role("button", name="検索", exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text="「データ 組織A」に当てはまる案件は 1 件です。")
    ).to_be_visible()
    expect(page.get_by_role("link", name="データサイエンス入門")).to_be_visible()
    assert "q=%E3%83%87%E3%83%BC%E3%82%BF+%E7%B5%84%E7%B9%94A" in page.url
    fits_the_screen(page)
    page.screenshot(path=artifacts_dir / "desk-case-search-phone.png", full_page=True)
