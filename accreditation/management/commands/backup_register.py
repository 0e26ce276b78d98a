from django.core.management.base import CommandError

from accreditation import backups
from accreditation.management.base import LocalisedCommand


class Command(LocalisedCommand):
    languages = ("en",)  # an operator's tool, in English only
    help = (
        "Back up the register: the PostgreSQL database (pg_dump, custom format), the attachment "
        "and media files, and a manifest of counts and checksums, in one new folder under "
        "--output. Restore it with restore_register."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, metavar="DIR")

    def handle(self, *args, output, **options):
        try:
            folder = backups.backup(output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {folder}"))
