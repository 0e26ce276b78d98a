"""Signing in as a person does: password, then the authenticator app's code when asked."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.accreditation.factories import TOTP_SECRET

PERIOD = 30


def current_code(secret=TOTP_SECRET):
    """The code the authenticator app shows now for this secret."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD))


def seconds_to_next_code():
    return PERIOD - time.time() % PERIOD + 0.5


def sign_in(client, email, password, secret=TOTP_SECRET):
    """allauth's form, then its second step if it asks for a code; the last response."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    if response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/":
        response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    return response
