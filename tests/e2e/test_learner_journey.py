"""A learner on a phone, in Japanese, finds a certified course by a keyword and two filters,
reads what it teaches, at what level and how big, and sees at once that another is suspended.

The catalogue is used as a new visitor uses it: from the home page's search box, the filters
folded in a <details> on a narrow screen, the result's page, the browser's back button.
"""

import re

import pytest
from playwright.sync_api import expect

from accreditation import services
from cms import publishing
from tests.e2e.test_accessibility import publish

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "ja-JP",
}


def certify(people, title_ja, title_en, *, mode):
    """A certified course whose every indexed text (title, summary, outcome, topic) is its own."""
    return publish(
        people,
        title_en,
        title_ja,
        summary={"ja": f"{title_ja}を学ぶ講座。", "en": f"A course: {title_en}."},
        learning_outcomes=[
            {
                "statement": {"ja": f"{title_ja}の要点を説明できる", "en": "Can explain it"},
                "type": "knowledge",
            }
        ],
        content={
            "topics": [{"ja": "基礎", "en": "Basics"}],
            "delivery_mode": mode,
            "languages": ["ja"],
        },
    )


@pytest.fixture
def catalogue(reference_data, people):
    certify(people, "データ分析の基礎講座", "Data Analysis Basics", mode="online")
    certify(people, "データ可視化の実践", "Data Visualisation in Practice", mode="onsite")
    certify(people, "介護記録の書き方", "Writing Care Records", mode="online")
    suspended = certify(people, "データ倫理入門", "Data Ethics", mode="online")
    services.dossier_suspend(actor=people.committee, dossier=suspended, note="Under review.")
    publishing.sync_item(suspended.credential_id)
    return people


@pytest.fixture
def phone(browser, live_server, settings):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(15_000)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ja", "url": live_server.url}]
    )
    yield context.new_page()
    context.close()


def test_a_learner_finds_a_course_by_a_japanese_keyword_and_filters_on_a_phone(
    phone, live_server, catalogue, artifacts_dir
):
    page = phone
    page.goto(f"{live_server.url}/ja/")
    page.get_by_role("searchbox", name="認証済みマイクロクレデンシャルを検索").fill("データ")
    page.get_by_role("button", name="検索", exact=True).click()

    # Two characters found inside running text; the suspended course is not offered.
    expect(page).to_have_url(re.compile(r"/ja/catalogue/\?q=%E3%83%87%E3%83%BC%E3%82%BF"))
    expect(page.get_by_text("「データ」の検索結果 2 件")).to_be_visible()
    results = page.locator("ul.catalogue-list h2")
    expect(results).to_have_count(2)

    # On a phone the filters fold into a <details>, so the results come first: open it.
    filters = page.locator("details.catalogue-filters")
    if filters.get_attribute("open") is None:
        page.get_by_text("絞り込みと並べ替え").click()
    page.get_by_label(re.compile(r"オンライン\s*\(1\)")).check()
    page.get_by_label(re.compile(r"^\s*デジタル.*\(2\)")).check()
    page.get_by_role("button", name="絞り込む").click()
    expect(results).to_have_count(1)
    expect(results.first).to_have_text("データ分析の基礎講座")
    for part in ("q=", "mode=online", "field=digital"):  # the state is a shareable link
        assert part in page.url, page.url
    shared = page.url
    page.screenshot(path=artifacts_dir / "learner-phone-results.png", full_page=True)

    # The item page answers: certified until when, what level, how big, what it teaches.
    page.get_by_role("link", name="データ分析の基礎講座").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("データ分析の基礎講座")
    expect(page.get_by_role("status")).to_contain_text("認証済み")
    glance = page.locator("section.at-a-glance")
    expect(glance.get_by_role("heading", name="概要")).to_be_visible()
    expect(glance).to_contain_text("EQF レベル 5 相当")
    expect(glance).to_contain_text("60 時間")
    expect(page.locator("#field-learning_outcomes")).to_be_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width  # nothing wider than the phone
    page.screenshot(path=artifacts_dir / "learner-phone-item.png", full_page=True)

    # The shared link opens the same results for someone else.
    page.goto(shared)
    expect(results).to_have_count(1)


def test_a_learner_sees_at_once_that_a_course_is_suspended(phone, live_server, catalogue):
    page = phone
    page.goto(f"{live_server.url}/ja/catalogue/?q=データ倫理&status=all")
    page.get_by_role("link", name="データ倫理入門").click()
    banner = page.get_by_role("status")
    expect(banner).to_contain_text("一時停止")
    expect(banner).to_contain_text("再開されるまで")
