"""The Content-Security-Policy (config/headers.py) blocks nothing the site itself does.

Chromium reports each blocked script, style, image or frame on the console ("Refused to …");
the pages with scripts of their own (the dossier editor's autosave and rows, the review form,
the verifier) and the public ones are opened and must report none.
"""

import pytest

from tests.e2e.test_happy_path import sign_in


def refusals(page):
    found = []
    page.on("console", lambda message: found.append(message.text))
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_of_the_site_breaks_its_own_policy(live_server, verified_people, new_browser_page):
    base_url = live_server.url
    page = new_browser_page()
    messages = refusals(page)
    for path in ("/ja/", "/en/catalogue/", "/ja/verify/", "/accounts/login/"):
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
    sign_in(page, base_url, verified_people.provider_a)
    page.goto(f"{base_url}/portal/dossiers/new/")
    page.wait_for_load_state("networkidle")
    page.get_by_label("Title (Japanese)").fill("CSP")  # the editor's script runs
    assert blocked(messages) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wagtails_admin_works_under_its_policy(live_server, verified_people, new_browser_page):
    from allauth.account.models import EmailAddress

    from cms.models import EditorialPage
    from tests.accreditation.factories import UserFactory, with_second_factor

    admin = with_second_factor(UserFactory(is_superuser=True, is_staff=True))
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    page = new_browser_page()
    messages = refusals(page)
    sign_in(page, live_server.url, admin)
    editorial = EditorialPage.objects.live().first()
    for path in ("/cms-admin/", f"/cms-admin/pages/{editorial.pk}/edit/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert blocked(messages) == []


def blocked(messages):
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
