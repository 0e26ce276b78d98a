import json
import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import override_settings

from accreditation.management.base import LocalisedCommand
from demo import bulk, scale, second_factor, seed
from demo.address import check_seeded_for_this_address


@contextmanager
def _unsynced_sqlite():
    """On SQLite, let the OS write the seed's ~700 small transactions when it likes instead of
    waiting for the disk at each commit (fsync): that wait was half the seed's time on a busy
    disk. The data is the same; only an OS crash during the seed could damage the file, and
    a demo is then seeded again from scratch. PostgreSQL is left as it is, and so is a
    transaction already open (SQLite refuses the change inside one: a test's)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        (previous,) = cursor.execute("PRAGMA synchronous").fetchone()
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(previous)}")


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
            "--cases",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Add cases in every state until N exist, over 50 more organisations and 300 "
                "accredited reviewers (for measuring the pages at scale)."
            ),
        )
        parser.add_argument(
            "--accounts-json",
            metavar="FILE",
            help="Also write the demo accounts to FILE as a JSON list for scripts.",
        )

    def handle(self, *args, credentials, cases, accounts_json, **options):
        started = time.monotonic()
        check_seeded_for_this_address()
        self.stdout.write(f"Seeding the demo register at {settings.SITE_URL}…")
        # The demo's history is made through the real services, which email the providers'
        # members about each event: those emails go nowhere (the accounts are made up).
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            _unsynced_sqlite(),
        ):
            accounts = seed.seed(log=self.stdout.write)
            if credentials:
                committee = get_user_model().objects.get(email="committee@example.org")
                self.stdout.write(f"Adding certified items up to {credentials}…")
                bulk.add_certified_items(credentials, committee=committee, log=self.stdout.write)
            if cases:
                self._add_cases(cases)
        if accounts_json:
            with open(accounts_json, "w", encoding="utf-8") as out:
                json.dump([a.as_json() for a in accounts], out, ensure_ascii=False, indent=2)
        self._print_accounts(accounts)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))

    def _add_cases(self, cases):
        User = get_user_model()
        self.stdout.write(f"Adding cases up to {cases}…")
        scale.add_cases(
            cases,
            secretariat=User.objects.get(email="secretariat@example.org"),
            committee=User.objects.get(email="committee@example.org"),
            log=self.stdout.write,
        )
        scale.catch_up()

    def _print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {seed.PASSWORD}):")
        for account in accounts:
            organisation = f"  ({account.organisation})" if account.organisation else ""
            self.stdout.write(f"  {account.role:12} {account.email}{organisation}")
        self.stdout.write("")
        self.stdout.write(
            "All but the providers sign in with a second factor: add the key "
            f"{second_factor.DEMO_TOTP_SECRET} to an authenticator app, or run "
            "`make demo-code` for the code of the moment."
        )
        keyed = [account for account in accounts if account.api_token]
        if keyed:
            self.stdout.write("")
            self.stdout.write("Provider API tokens (send “Authorization: Bearer <key>”):")
            for account in keyed:
                self.stdout.write(f"  {account.organisation_slug:18} {account.api_token}")
