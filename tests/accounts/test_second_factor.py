"""A second lock: staff, committee, reviewers and admins sign in with an authenticator app.

Without one they are sent to set one up before any page (accounts/middleware.py); with one,
allauth asks for its code after the password; they cannot remove the last one; providers may
add one. The secret is stored encrypted (accounts/mfa_adapter.py).
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import DeactivateTOTPForm
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.mfa_adapter import MFAAdapter
from tests.accounts.codes import current_code, sign_in
from tests.accounts.conftest import confirm_address
from tests.accreditation.factories import (
    PASSWORD,
    TOTP_SECRET,
    UserFactory,
    provider_member,
    with_second_factor,
)

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/2fa/totp/activate/"


def without_second_factor(user):
    Authenticator.objects.filter(user=user).delete()
    return user


def open_set_up(client):
    """The set-up page, after allauth asks for the password again (as for any change to how
    one signs in)."""
    asked = client.get(SET_UP)
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(asked["Location"], {"password": PASSWORD})["Location"] == SET_UP
    page = client.get(SET_UP)
    assert page.status_code == 200
    return page


@pytest.mark.parametrize("who", ["secretariat", "committee", "reviewer", "superuser"])
def test_who_must_have_one_is_sent_to_set_it_up_first(client, verified, who):
    user = {
        "secretariat": verified.secretariat,
        "committee": verified.committee,
        "reviewer": verified.reviewer.user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }[who]
    confirm_address(without_second_factor(user))
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    for path in ("/desk/", "/review/", "/dashboard/", "/django-admin/", "/cms-admin/", "/en/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SET_UP, path
    page = open_set_up(client)
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code for the app
    assert client.session[SECRET_SESSION_KEY] in html  # and its key, to type in
    # The account pages stay open: they can sign out.
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_set_up_with_the_apps_code_opens_the_desk(client, verified):
    without_second_factor(verified.secretariat)
    sign_in(client, verified.secretariat.email, PASSWORD)
    open_set_up(client)
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(SET_UP, {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(
        user=verified.secretariat, type=Authenticator.Type.TOTP
    ).exists()
    assert client.post(SET_UP, {"code": current_code(secret)}).status_code == 302
    assert client.get("/desk/").status_code == 200
    # From now on the password alone is not enough.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": verified.secretariat.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_a_provider_need_not_have_one(client, people):
    client.force_login(people.provider_a)
    assert client.get("/portal/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200  # but may add one there


def test_the_password_alone_does_not_sign_in_who_has_one(client, verified):
    response = client.post(
        "/accounts/login/", {"login": verified.secretariat.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/desk/").status_code == 302  # still signed out
    refused = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert "Incorrect code." in refused.content.decode()
    assert "_auth_user_id" not in client.session
    signed_in = client.post("/accounts/2fa/authenticate/", {"code": current_code()})
    assert signed_in.status_code == 302
    assert client.get("/desk/").status_code == 200


def test_a_code_is_taken_once(client, verified):
    code = current_code()
    assert sign_in(client, verified.committee.email, PASSWORD).status_code == 302
    client.logout()
    client.post("/accounts/login/", {"login": verified.committee.email, "password": PASSWORD})
    replayed = client.post("/accounts/2fa/authenticate/", {"code": code})
    if current_code() == code:  # within the same 30 seconds
        assert replayed.status_code == 200  # the form again, in the person's language
        assert "_auth_user_id" not in client.session


def test_who_must_have_one_cannot_remove_the_last(people):
    totp = Authenticator.objects.get(user=people.secretariat, type=Authenticator.Type.TOTP)
    assert not DeactivateTOTPForm(data={}, authenticator=totp).is_valid()
    provider = with_second_factor(provider_member(people.org_a))
    theirs = Authenticator.objects.get(user=provider, type=Authenticator.Type.TOTP)
    assert DeactivateTOTPForm(data={}, authenticator=theirs).is_valid()


def test_the_secret_is_stored_encrypted(people):
    totp = Authenticator.objects.get(user=people.reviewer.user, type=Authenticator.Type.TOTP)
    stored = totp.data["secret"]
    assert TOTP_SECRET not in stored
    assert MFAAdapter().decrypt(stored) == TOTP_SECRET


def test_a_signed_in_page_does_not_look_the_factor_up_again(client, people):
    client.force_login(people.secretariat)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/desk/").status_code == 200
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]
