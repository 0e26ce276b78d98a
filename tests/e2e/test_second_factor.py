"""A secretariat member without a second factor signs in, sets one up, and reaches the desk.

In Chromium, as the person does it: the password, the password again (allauth asks before any
change to how one signs in), the authenticator app's key read off the page and its code typed
in, the recovery codes shown, then the desk; and at the next sign-in, the code is asked for.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.accounts.codes import current_code
from tests.accreditation.factories import PASSWORD
from tests.e2e.test_accessibility import blocking_violations, describe
from tests.e2e.test_happy_path import enter_code_if_asked, sign_out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_secretariat_member_sets_up_an_authenticator_app_before_the_desk(
    live_server, verified_people, new_browser_page, artifacts_dir
):
    user = verified_people.secretariat
    Authenticator.objects.filter(user=user).delete()
    base_url = live_server.url
    page = new_browser_page()

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Sent to set one up: first the password again, then the app.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("status").or_(page.get_by_role("alert")).first).to_contain_text(
        "Your role requires a second factor"
    )
    page.get_by_placeholder("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r"^[A-Z2-7]{32}$"))).to_be_visible()  # QR
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    page.screenshot(path=artifacts_dir / "second-factor-set-up.png", full_page=True)

    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()

    page.get_by_role("link", name="Staff desk").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    sign_out(page)

    # Next time, the password is not enough.
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    enter_code_if_asked(page, secret)
    page.get_by_role("link", name="Staff desk").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
