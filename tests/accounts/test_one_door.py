"""One sign-in door: allauth's /accounts/login/, with its limits on failed attempts.

Django's admin, Wagtail's admin and Wagtail's private-page form each had a password form of
their own, without a limit or a second factor; each now sends its visitor to allauth's
(accounts/views.py). Failed attempts are limited per address and per account *and* address
(accounts/adapter.py), so thirty wrong passwords meet a limit on every route, and the guesser
cannot lock the account's owner out.
"""

import pytest
from django.core.cache import cache

from tests.accreditation.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def fresh_limits():
    """The limits count in the cache: each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


def attempt(client, email, password, address="203.0.113.7"):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize(
    ("form", "next_url"),
    [
        ("/django-admin/login/", "/django-admin/"),
        ("/cms-admin/login/", "/cms-admin/"),
        ("/ja/_util/login/", "/dashboard/"),
        ("/en/_util/login/", "/dashboard/"),
    ],
)
def test_every_other_sign_in_form_sends_its_visitor_to_allauth(client, people, form, next_url):
    for _ in range(30):  # thirty wrong passwords: none is even checked
        response = client.post(form, {"username": people.secretariat.username, "password": "x"})
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={next_url}"
    right = {"username": people.secretariat.username, "password": PASSWORD}
    assert client.post(form, right).status_code == 302
    assert "_auth_user_id" not in client.session  # the right one does not sign in there either


def test_the_page_asked_for_is_kept_and_another_site_is_not(client, db):
    kept = client.get("/django-admin/login/?next=/django-admin/accreditation/creditsystem/")
    assert kept["Location"] == "/accounts/login/?next=/django-admin/accreditation/creditsystem/"
    elsewhere = client.get("/cms-admin/login/?next=https://attacker.example/")
    assert elsewhere["Location"] == "/accounts/login/?next=/cms-admin/"


def test_wagtail_asks_for_sign_in_at_allauths_door(client, db):
    response = client.get("/cms-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_wagtails_own_password_reset_is_closed(client, db):
    assert client.get("/cms-admin/password_reset/").status_code == 404


def test_five_wrong_passwords_lock_the_guesser_not_the_owner(client, verified):
    people = verified
    email = people.provider_a.email
    for _ in range(5):
        response = attempt(client, email, "wrong")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()
    # The sixth try from that address is refused, the right password included...
    refused = attempt(client, email, PASSWORD)
    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # ...while the owner, from their own address, signs in.
    signed_in = attempt(client, email, PASSWORD, address="198.51.100.20")
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(people.provider_a.pk)


def test_one_address_guessing_many_accounts_meets_its_own_limit(client, people):
    accounts = [people.provider_a, people.provider_b, people.viewer_a, people.outsider]
    answers = [
        TOO_MANY in attempt(client, accounts[n % 4].email, "wrong").content.decode()
        for n in range(30)
    ]
    assert answers.index(True) == 10  # ten a minute from one address, whichever the account
    assert all(answers[10:])
