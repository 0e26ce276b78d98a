"""An employer on a phone verifies a learner's Open Badges 3.0 badge at /verify/.

The course is certified through the real workflow, so the approval is signed as the register's
EndorsementCredential and embedded in the item's OB 3.0 Achievement. A badge platform then
issues a learner's badge as any newcomer would, with the independent `openbadgeslib`: our
Achievement (its id, name, description and criteria) as the badge's achievement, our
endorsement copied into it, the whole signed with the platform's own Ed25519 key (did:key).

The employer pastes the badge and reads "certified" with the course's title; after the course
is suspended the same badge reads "suspended" with the date; a tampered copy and a non-JSON
paste are refused with their reason codes; the badge uploaded as a .json file works too.
Assertions hold to data attributes, reason codes and titles, not to message text, so that they
hold in Japanese whatever the translations say.
"""

import copy
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone, translation
from django.utils.formats import date_format
from openbadgeslib.ob3.credential import Achievement, Issuer, OpenBadgeCredential
from openbadgeslib.ob3.ldp import OB3LdpSigner, add_data_integrity_proof
from playwright.sync_api import Page, expect

from accreditation import services
from accreditation.models import DossierState
from demo.workflow import advance
from registry_export.documents import ACHIEVEMENT
from registry_export.models import Endorsement, RegistryDocument
from tests.accreditation.factories import dossier as make_dossier
from tests.e2e.test_accessibility import blocking_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = {"ja": "データサイエンス入門", "en": "Introduction to Data Science"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
LOCALES = {"ja": "ja-JP", "en": "en-GB"}


@pytest.fixture
def certified(reference_data, people, django_capture_on_commit_callbacks):
    """A course certified through the workflow, its endorsement signed by the eager tasks."""
    dossier = make_dossier(
        people.org_a, author=people.provider_a, title={"ja": TITLES["ja"], "en": TITLES["en"]}
    )
    with django_capture_on_commit_callbacks(execute=True):
        dossier = advance(dossier, DossierState.ACCREDITED, people.cast())
    assert Endorsement.objects.filter(credential_id=dossier.credential_id).exists()
    return dossier


def stored_achievement(dossier):
    return RegistryDocument.objects.get(
        credential_id=dossier.credential_id, kind=ACHIEVEMENT
    ).document


def issue_badge(achievement):
    """A learner's badge as a badge platform issues it with openbadgeslib: our Achievement as
    its achievement, with our endorsement, signed by the platform's own key (did:key)."""
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    method = OB3LdpSigner._did_key_vm(key)
    credential = OpenBadgeCredential(
        issuer=Issuer(id=method.split("#")[0], name="Example Badge Platform"),
        recipient_id="did:example:learner-1",
        achievement=Achievement(
            id=achievement["id"],
            name=achievement["name"],
            description=achievement["description"],
            criteria_narrative=achievement["criteria"]["narrative"],
        ),
    )
    badge = credential.to_vc()
    badge["credentialSubject"]["achievement"]["endorsement"] = copy.deepcopy(
        achievement["endorsement"]
    )
    return add_data_integrity_proof(badge, key, method)


def tampered(badge):
    """The badge with one character of the register's endorsement changed after signing."""
    copied = copy.deepcopy(badge)
    subject = copied["credentialSubject"]["achievement"]["endorsement"][0]["credentialSubject"]
    comment = subject["endorsementComment"]
    subject["endorsementComment"] = ("X" if comment[0] != "X" else "Y") + comment[1:]
    return copied


@pytest.fixture
def phone(browser, live_server, settings):
    contexts = []

    def open_(language):
        context = browser.new_context(**PHONE, locale=LOCALES[language], timezone_id="Asia/Tokyo")
        contexts.append(context)
        context.set_default_timeout(15_000)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def verify(page: Page, base_url, language, *, text=None, upload=None):
    """Open the empty form, paste `text` or upload `upload` (name, bytes), submit."""
    response = page.goto(f"{base_url}/{language}/verify/")
    assert response.ok, response.status
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".status-banner")).to_have_count(0)
    if text is not None:
        page.locator("textarea[name=credential]").fill(text)
    if upload is not None:
        name, data = upload
        page.locator("input[type=file][name=file]").set_input_files(
            files=[{"name": name, "mimeType": "application/json", "buffer": data}]
        )
    page.locator("form button[type=submit]").click()
    banner = page.locator(".status-banner")
    expect(banner).to_be_visible()
    return banner


def assert_fits(page: Page):
    """Nothing wider than the phone, and no serious axe violation in the result either."""
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    violations = blocking_violations(page)
    assert not violations, describe(violations)


def today(language):
    with translation.override(language):
        return date_format(timezone.localtime(timezone.now()), "DATE_FORMAT")


def assert_checks(page: Page, passed):
    for code in passed:
        expect(page.locator(f'tr[data-check="{code}"]')).to_contain_text("✔")


def suspend(people, dossier, capture):
    with capture(execute=True):
        services.dossier_suspend(actor=people.committee, dossier=dossier, note="Under review.")


def test_an_employer_verifies_a_badge_on_a_phone_in_english(
    phone, live_server, certified, people, django_capture_on_commit_callbacks, artifacts_dir
):
    badge = issue_badge(stored_achievement(certified))
    text = json.dumps(badge, ensure_ascii=False, indent=2)
    page = phone("en")

    # Certified: the item's title, linked; the register's signature and the badge's both hold.
    banner = verify(page, live_server.url, "en", text=text)
    expect(banner).to_have_attribute("data-verdict", "certified")
    expect(banner).to_contain_text(TITLES["en"])
    expect(page.locator(f'a[href$="/catalogue/items/{certified.credential_id}/"]')).to_have_text(
        TITLES["en"]
    )
    assert_checks(page, ["format", "endorsement", "signature", "subject", "register", "dates"])
    expect(page.locator('tr[data-check="signature"]')).to_contain_text("passed")
    expect(page.locator('tr[data-check="badge_signature"]')).to_contain_text("✔")
    assert_fits(page)
    page.screenshot(path=artifacts_dir / "verify-phone-certified-en.png", full_page=True)

    # The same badge, uploaded as a .json file.
    banner = verify(page, live_server.url, "en", upload=("badge.json", text.encode("utf-8")))
    expect(banner).to_have_attribute("data-verdict", "certified")
    expect(banner).to_contain_text(TITLES["en"])

    # One character of the endorsement changed: refused as tampered.
    banner = verify(page, live_server.url, "en", text=json.dumps(tampered(badge)))
    expect(banner).to_have_attribute("data-verdict", "not_verified")
    expect(page.locator("section.card code")).to_have_text("tampered")
    expect(page.locator('tr[data-check="signature"]')).to_contain_text("✘")
    assert_fits(page)
    page.screenshot(path=artifacts_dir / "verify-phone-tampered-en.png", full_page=True)

    # Not JSON at all.
    banner = verify(page, live_server.url, "en", text="this is not a badge {")
    expect(banner).to_have_attribute("data-verdict", "not_verified")
    expect(page.locator("section.card code")).to_have_text("malformed")
    expect(page.locator("tr[data-check]")).to_have_count(0)

    # The course is suspended: the same badge now says so, with the date.
    suspend(people, certified, django_capture_on_commit_callbacks)
    banner = verify(page, live_server.url, "en", text=text)
    expect(banner).to_have_attribute("data-verdict", "suspended")
    expect(banner).to_contain_text(TITLES["en"])
    expect(banner).to_contain_text(today("en"))
    expect(page.locator('tr[data-check="signature"]')).to_contain_text("✔")
    expect(page.locator('tr[data-check="register"]')).to_contain_text("✘")
    assert_fits(page)
    page.screenshot(path=artifacts_dir / "verify-phone-suspended-en.png", full_page=True)


def test_an_employer_verifies_a_badge_on_a_phone_in_japanese(
    phone, live_server, certified, people, django_capture_on_commit_callbacks, artifacts_dir
):
    badge = issue_badge(stored_achievement(certified))
    text = json.dumps(badge, ensure_ascii=False)
    page = phone("ja")

    banner = verify(page, live_server.url, "ja", text=text)
    expect(banner).to_have_attribute("data-verdict", "certified")
    expect(page.get_by_role("link", name=TITLES["ja"])).to_be_visible()
    assert_checks(page, ["format", "endorsement", "signature", "subject", "register", "dates"])
    assert_fits(page)
    page.screenshot(path=artifacts_dir / "verify-phone-certified-ja.png", full_page=True)

    banner = verify(page, live_server.url, "ja", upload=("badge.json", text.encode("utf-8")))
    expect(banner).to_have_attribute("data-verdict", "certified")

    banner = verify(page, live_server.url, "ja", text=json.dumps(tampered(badge)))
    expect(banner).to_have_attribute("data-verdict", "not_verified")
    expect(page.locator("section.card code")).to_have_text("tampered")

    suspend(people, certified, django_capture_on_commit_callbacks)
    banner = verify(page, live_server.url, "ja", text=text)
    expect(banner).to_have_attribute("data-verdict", "suspended")
    expect(banner).to_contain_text(TITLES["ja"])
    expect(banner).to_contain_text(today("ja"))
    assert_fits(page)
    page.screenshot(path=artifacts_dir / "verify-phone-suspended-ja.png", full_page=True)
