"""The demo accounts' authenticator app: one published secret, like the demo password.

Staff, committee, reviewers and the admin must sign in with a second factor
(accounts/second_factor.py), so the demo enrols theirs with this secret. Add it to any
authenticator app (key `DEMO_TOTP_SECRET`, time-based, 6 digits, 30 s), or let
`manage.py demo_code` print the code of the moment. A real register enrols each person's own.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

#: Base32, as authenticator apps take it; published in the README.
DEMO_TOTP_SECRET = "MCREGDEMOMCREGDEMOMCREGDEMOMCREG"
PERIOD = 30


def enrol(user):
    """The demo secret as the user's authenticator app, with recovery codes; once."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    return user


def current_code(now=None):
    """(code, seconds it stays valid) of the demo authenticator app at `now`."""
    now = time.time() if now is None else now
    counter = int(now) // PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)), PERIOD - int(now) % PERIOD
