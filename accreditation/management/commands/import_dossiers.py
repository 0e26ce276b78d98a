import json
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accreditation.errors import DomainError
from accreditation.models import ProviderOrganisation
from accreditation.services.imports import import_dossiers, import_problems


class Command(BaseCommand):
    help = (
        "Import a JSON list of dossiers (the interchange format) for one organisation, all or "
        "nothing. A record whose provider_reference is known updates that editable dossier; "
        "the others start drafts. Every problem is listed by record index and JSON pointer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file holding a list of dossiers.")
        parser.add_argument(
            "--organisation", required=True, metavar="SLUG", help="The organisation's slug."
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="Import as this member of the organisation (default: the system).",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only check the file; import nothing."
        )

    def handle(self, *args, file, organisation, actor, check, **options):
        organisation = self._organisation(organisation)
        actor = self._actor(actor)
        records = self._read(file)
        started = time.monotonic()
        if check:
            problems = import_problems(organisation, records)
            if problems:
                self._report(problems)
            count = len(records) if isinstance(records, list) else 0
            self.stdout.write(self.style.SUCCESS(f"{count} records: the file can be imported."))
            return
        try:
            result = import_dossiers(actor=actor, organisation=organisation, records=records)
        except DomainError as error:
            self._report(error.data.get("problems", []), message=str(error.message))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(result.created) + len(result.updated)} dossiers for "
                f"{organisation.slug}: {len(result.created)} created, "
                f"{len(result.updated)} updated, in {time.monotonic() - started:.1f} s."
            )
        )

    def _organisation(self, slug):
        organisation = ProviderOrganisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug “{slug}”.")
        return organisation

    def _actor(self, email):
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user has the email address {email}.")
        return user

    def _read(self, path):
        try:
            with open(path, encoding="utf-8") as source:
                return json.load(source)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} is not JSON: {error.msg} (line {error.lineno}, column {error.colno})."
            ) from None

    def _report(self, problems, message=None):
        """Every problem on stderr, in English and Japanese; then fail (exit status 1)."""
        for problem in problems:
            where = "file" if problem["index"] is None else f"record {problem['index']}"
            pointer = problem["pointer"] or "/"
            self.stderr.write(f"{where} {pointer}: {problem['message']['en']}")
            if problem["message"]["ja"] != problem["message"]["en"]:
                self.stderr.write(f"    {problem['message']['ja']}")
        count = len(problems)
        raise CommandError(
            message
            or f"The file has {count} problem{'s' if count != 1 else ''}: nothing was imported."
        )
