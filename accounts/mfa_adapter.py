"""allauth's MFA adapter: secrets encrypted at rest, and no removing a required factor.

The TOTP secret is stored encrypted (config/sealing: Fernet, with a key derived from SECRET_KEY):
a copy of the database or of a backup does not give anyone the codes. Rotating SECRET_KEY keeps
them working while the old key is in SECRET_KEY_FALLBACKS.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from config import sealing

from . import second_factor

PURPOSE = "accounts.mfa"


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text):
        return sealing.seal(PURPOSE, text)

    def decrypt(self, encrypted_text):
        return sealing.unseal(PURPOSE, encrypted_text)

    def can_delete_authenticator(self, authenticator):
        """Someone who must have a second factor may replace it, not go without one."""
        if authenticator.type not in second_factor.FACTORS:
            return True
        user = authenticator.user
        if not second_factor.required_for(user):
            return True
        others = Authenticator.objects.filter(user=user, type__in=second_factor.FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
