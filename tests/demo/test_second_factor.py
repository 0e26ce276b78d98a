"""The demo's authenticator app: its published secret and `make demo-code` agree with allauth."""

import io

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import call_command

from demo import second_factor


def test_the_code_of_the_moment_is_the_one_allauth_accepts():
    code, seconds = second_factor.current_code()
    assert validate_totp_code(second_factor.DEMO_TOTP_SECRET, code)
    assert 1 <= seconds <= 30


def test_the_code_changes_every_thirty_seconds():
    moment = 1_800_000_000  # a multiple of 30: a new code begins
    code, left = second_factor.current_code(now=moment)
    assert left == 30
    assert second_factor.current_code(now=moment + 29) == (code, 1)
    assert second_factor.current_code(now=moment + 30)[0] != code


def test_demo_code_prints_it():
    out = io.StringIO()
    with time_machine.travel(1_800_000_010, tick=False):
        call_command("demo_code", stdout=out)
    code, _left = second_factor.current_code(now=1_800_000_010)
    assert out.getvalue() == f"{code}  (valid for 20 more seconds)\n"


@pytest.mark.django_db
def test_enrolling_twice_keeps_one_app_and_one_set_of_recovery_codes():
    from allauth.mfa.models import Authenticator

    from tests.accreditation.factories import UserFactory

    user = UserFactory()
    second_factor.enrol(user)
    second_factor.enrol(user)
    kinds = sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == ["recovery_codes", "totp"]
