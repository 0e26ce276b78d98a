import json
import time

from django.contrib.auth import get_user_model
from django.test.utils import override_settings

from accreditation.management.base import LocalisedCommand
from demo import bulk, seed


class Command(LocalisedCommand):
    languages = ("en",)  # a developer's tool, in English only

    help = (
        "Create realistic bilingual demo data: providers of several types, people of every "
        "role, dossiers in every state and at least 20 certified items. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--credentials",
            type=int,
            default=0,
            metavar="N",
            help="Add bulk certified items until N are accredited (for benchmarks).",
        )
        parser.add_argument(
            "--accounts-json",
            metavar="FILE",
            help="Also write the demo accounts to FILE as a JSON list for scripts.",
        )

    def handle(self, *args, credentials, accounts_json, **options):
        started = time.monotonic()
        self.stdout.write("Seeding the demo register…")
        # The demo's history is made through the real services, which email the providers'
        # members about each event: those emails go nowhere (the accounts are made up).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            accounts = seed.seed(log=self.stdout.write)
            if credentials:
                committee = get_user_model().objects.get(email="committee@example.org")
                self.stdout.write(f"Adding certified items up to {credentials}…")
                bulk.add_certified_items(credentials, committee=committee, log=self.stdout.write)
        if accounts_json:
            with open(accounts_json, "w", encoding="utf-8") as out:
                json.dump([a.as_json() for a in accounts], out, ensure_ascii=False, indent=2)
        self._print_accounts(accounts)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))

    def _print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {seed.PASSWORD}):")
        for account in accounts:
            organisation = f"  ({account.organisation})" if account.organisation else ""
            self.stdout.write(f"  {account.role:12} {account.email}{organisation}")
        keyed = [account for account in accounts if account.api_token]
        if keyed:
            self.stdout.write("")
            self.stdout.write("Provider API tokens (send “Authorization: Bearer <key>”):")
            for account in keyed:
                self.stdout.write(f"  {account.organisation_slug:18} {account.api_token}")
