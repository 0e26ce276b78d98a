"""allauth's account adapter: failed sign-ins counted per account *and* address.

allauth limits failed sign-ins per address (10 a minute) and per account (5 in 5 minutes).
The per-account count alone lets anyone lock anyone out with five wrong passwords. Counting
per account and address keeps the lock on the one guessing: the account's owner, elsewhere,
still signs in. Guessing from many addresses meets each address's own limits (ACCOUNT_RATE_LIMITS).
"""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth builds the "key" of its login_failed limit here (and clears it on a password
        # reset with the same key): add the address the attempts come from.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"
