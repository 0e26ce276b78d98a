import json
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accreditation.errors import DomainError
from accreditation.management.base import LocalisedCommand
from accreditation.models import ProviderOrganisation
from accreditation.services.imports import import_dossiers, import_problems


class Command(LocalisedCommand):
    help = (
        "Import a JSON list of dossiers (the interchange format) for one organisation, all or "
        "nothing. A record whose provider_reference is known updates that editable dossier; "
        "the others start drafts. Every problem is listed by record index and JSON pointer, "
        "in English or, with --language ja, in Japanese."
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
            message = ngettext(
                "%(count)s record: the file can be imported.",
                "%(count)s records: the file can be imported.",
                count,
            )
            self.stdout.write(self.style.SUCCESS(message % {"count": count}))
            return
        try:
            result = import_dossiers(actor=actor, organisation=organisation, records=records)
        except DomainError as error:
            self._report(error.data.get("problems", []), message=str(error.message))
        message = _(
            "Imported %(total)s dossiers for %(organisation)s: %(created)s created, "
            "%(updated)s updated, in %(seconds).1f s."
        ) % {
            "total": len(result.created) + len(result.updated),
            "organisation": organisation.slug,
            "created": len(result.created),
            "updated": len(result.updated),
            "seconds": time.monotonic() - started,
        }
        self.stdout.write(self.style.SUCCESS(message))

    def _organisation(self, slug):
        organisation = ProviderOrganisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(_("No organisation has the slug “%(slug)s”.") % {"slug": slug})
        return organisation

    def _actor(self, email):
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(_("No user has the email address %(email)s.") % {"email": email})
        return user

    def _read(self, path):
        try:
            with open(path, encoding="utf-8") as source:
                return json.load(source)
        except FileNotFoundError:
            raise CommandError(_("%(path)s does not exist.") % {"path": path}) from None
        except PermissionError:
            raise CommandError(_("You may not read %(path)s.") % {"path": path}) from None
        except IsADirectoryError:
            raise CommandError(_("%(path)s is a folder, not a file.") % {"path": path}) from None
        except OSError as error:  # rarer failures keep the system's own words
            raise CommandError(
                _("Cannot read %(path)s (%(error)s).") % {"path": path, "error": error.strerror}
            ) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(path)s is not valid JSON (line %(line)s, column %(column)s).")
                % {"path": path, "line": error.lineno, "column": error.colno}
            ) from None

    def _report(self, problems, message=None):
        """Every problem on stderr, in the command's language; then fail (exit status 1)."""
        language = get_language()
        for problem in problems:
            if problem["index"] is None:
                where = _("file")
            else:
                where = _("record %(index)s") % {"index": problem["index"]}
            pointer = problem["pointer"] or "/"
            self.stderr.write(f"{where} {pointer}: {problem['message'][language]}")
        count = len(problems)
        summary = ngettext(
            "The file has %(count)s problem: nothing was imported.",
            "The file has %(count)s problems: nothing was imported.",
            count,
        )
        raise CommandError(message or summary % {"count": count})
