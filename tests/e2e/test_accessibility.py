"""Accessibility of the public site, checked in Chromium: axe-core (WCAG 2.1 A and AA) on every
public page in both languages, the same pages on a phone, and the keyboard's first steps.

axe-core is the axe.min.js shipped inside the `axe-playwright-python` wheel (a dev dependency):
it is read from the installed package and evaluated in the page, so nothing is fetched.

A new public page is one line in PUBLIC_PAGES: a name and its path, where `{lang}` is the
language prefix, `{active_item}` / `{suspended_item}` the path of a published item and
`{provider}` the slug of their provider.
"""

from importlib.resources import files
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from accreditation import services
from accreditation.models import DossierState
from cms import publishing
from cms.models import CatalogueItemPage
from cms.pathways import qualification_key
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["ja", "en"]
PUBLIC_PAGES = [
    ("home", "/{lang}/"),
    ("catalogue", "/{lang}/catalogue/"),
    ("catalogue-search", "/{lang}/catalogue/?q=data"),
    ("active-item", "{active_item}"),
    ("suspended-item", "{suspended_item}"),
    ("statistics", "/{lang}/statistics/"),
    ("providers", "/{lang}/providers/"),
    ("provider", "/{lang}/providers/{provider}/"),
    ("pathways", "/{lang}/pathways/"),
    ("pathway", "/{lang}/pathways/{pathway}/"),
    ("about", "/{lang}/about/"),
    ("standard", "/{lang}/standard/"),
    ("verify", "/{lang}/verify/"),
    # Language-neutral: in the reader's language (the test sets it by the language cookie).
    ("registry", "/registry/"),
]
PAGE_IDS = [name for name, _ in PUBLIC_PAGES]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
#: The navigation's touch targets on a phone, in CSS pixels (WCAG 2.5.5's 44px; 2.5.8 asks 24).
MIN_TARGET = 44


def axe_source():
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def blocking_violations(page: Page):
    """axe's serious and critical violations of WCAG 2.1 A/AA on the page as it is now."""
    page.evaluate(axe_source())
    results = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        AXE_TAGS,
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {' '.join(node['target'])}" for node in violation["nodes"][:10])
    return "\n".join(lines)


MASTERS = {
    "qualification": {"ja": "データサイエンス修士", "en": "Master of Data Science"},
    "institution": "東北大学",
    "credits": 2,
    "system": "JP",
}


def publish(people, title_en, title_ja, **content):
    dossier = make_dossier(
        people.org_a, author=people.provider_a, title={"ja": title_ja, "en": title_en}, **content
    )
    advance(dossier, DossierState.AWAITING_DECISION, people.cast())
    services.dossier_decide(
        actor=people.committee, dossier=dossier, outcome="approved", rationale="Meets all."
    )
    publishing.sync_item(dossier.credential_id)
    return dossier


@pytest.fixture
def public_paths(reference_data, people):
    """The path of every public page by language: two items published, one since suspended."""
    active = publish(
        people,
        "Introduction to Data Science",
        "データサイエンス入門",
        stackability={"stand_alone": False, "counts_toward": [MASTERS]},
    )
    suspended = publish(people, "Data Engineering Basics", "データエンジニアリングの基礎")
    services.dossier_suspend(actor=people.committee, dossier=suspended, note="Under review.")
    publishing.sync_item(suspended.credential_id)

    def item_path(dossier, language):
        pages = CatalogueItemPage.objects.filter(translation_key=dossier.credential_id)
        return pages.get(locale__language_code=language).url

    paths = {}
    for language in LANGUAGES:
        slots = {
            "lang": language,
            "active_item": item_path(active, language),
            "suspended_item": item_path(suspended, language),
            "provider": people.org_a.slug,
            "pathway": quote(qualification_key("データサイエンス修士", "東北大学")),
        }
        paths[language] = {name: path.format(**slots) for name, path in PUBLIC_PAGES}
    return paths


@pytest.fixture
def open_page(browser, browser_context_args, live_server, settings):
    """Open a public path in a fresh context (desktop, or a phone with `phone=True`)."""
    contexts = []

    def open_(path, language, *, phone=False):
        context = browser.new_context(**{**browser_context_args, **(PHONE if phone else {})})
        contexts.append(context)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.ok, f"{path}: {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.evaluate("document.fonts.ready")
        return page

    yield open_
    for context in contexts:
        context.close()


def test_the_checker_reports_a_broken_page(new_browser_page):
    page = new_browser_page()
    page.set_content('<html><body><img src="x"><a href="/"></a></body></html>')
    found = {v["id"] for v in blocking_violations(page)}
    assert {"image-alt", "link-name", "html-has-lang"} <= found, found


@pytest.mark.parametrize("name", PAGE_IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_serious_accessibility_violation(
    open_page, public_paths, artifacts_dir, language, name
):
    page = open_page(public_paths[language][name], language)
    page.screenshot(path=artifacts_dir / f"a11y-{name}-{language}.png", full_page=True)
    violations = blocking_violations(page)
    assert not violations, f"{public_paths[language][name]}\n{describe(violations)}"


def target_box(page: Page, locator):
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    width = page.evaluate("window.innerWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (locator, box, width)
    assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, (locator, box)


@pytest.mark.parametrize("name", PAGE_IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_fit_a_phone(open_page, public_paths, artifacts_dir, language, name):
    page = open_page(public_paths[language][name], language, phone=True)
    page.screenshot(path=artifacts_dir / f"a11y-phone-{name}-{language}.png", full_page=True)
    overflow = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                   wide: [...document.querySelectorAll("body *")]
                     .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                     .map(e => e.tagName + "." + e.className).slice(0, 5)})"""
    )
    assert overflow["scroll"] <= overflow["inner"], overflow

    nav = page.get_by_role("navigation", name="Main" if language == "en" else "メイン")
    links = nav.get_by_role("link").all()
    # Readers who are not signed in switch language by links (cacheable pages), others by a form.
    buttons = page.locator("header nav.lang a, header form.lang button").all()
    assert len(links) >= 2 and len(buttons) == len(LANGUAGES), (links, buttons)
    for target in links + buttons:
        target_box(page, target)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_main(
    open_page, public_paths, language
):
    page = open_page(public_paths[language]["catalogue"], language)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate(
        "document.querySelector('main').contains(document.activeElement)"
    )
    assert focused_in_main, "the next Tab stays in the main content"
