"""Browser fixtures: Debian's Chromium, an English UI, users who can sign in through allauth.

The browser tests are marked `browser` (see tests/conftest.py: skipped without /usr/bin/chromium,
failed instead with REQUIRE_SERVICES=1). They drive the live server with pytest-playwright.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
#: Where screenshots go, relative to the repository root (gitignored).
ARTIFACTS = Path("test-artifacts") / "e2e"

expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # pytest-playwright cannot find Debian's Chromium through --browser-channel, and
    # `playwright install` cannot download one here: launch the system binary.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        "timezone_id": "Asia/Tokyo",
    }


@pytest.fixture
def artifacts_dir(pytestconfig):
    path = pytestconfig.rootpath / ARTIFACTS
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def verified_people(reference_data, people):
    """The factory cast (made after the reference data and role groups), each with a verified
    primary address: ACCOUNT_EMAIL_VERIFICATION is "mandatory", so allauth refuses to sign in
    anyone without one."""
    from allauth.account.models import EmailAddress

    for user in (
        people.provider_a,
        people.secretariat,
        people.committee,
        people.reviewer.user,
        people.second_reviewer.user,
    ):
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return people


@pytest.fixture
def new_browser_page(new_context, live_server, settings):
    """A page in a fresh browser context (no session), with the UI in English.

    The site's default language is Japanese; Django's language cookie switches the unprefixed
    areas (/portal/, /review/, /desk/, /accounts/) to English. /ja/… and /en/… follow their
    prefix whatever the cookie says.
    """

    def make(language="en"):
        context = new_context()
        context.set_default_timeout(15_000)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        return context.new_page()

    return make
