from django.core.management.base import CommandError

from accreditation import backups
from accreditation.management.base import LocalisedCommand


class Command(LocalisedCommand):
    languages = ("en",)  # an operator's tool, in English only
    help = (
        "Restore a backup_register folder into an empty PostgreSQL database (--database-url) "
        "and the configured file folders, then check every count and file against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="FOLDER")
        parser.add_argument("--database-url", required=True, metavar="URL")

    def handle(self, *args, folder, database_url, **options):
        try:
            manifest = backups.restore(folder, database_url)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{n} {label}" for label, n in manifest["counts"].items())
        self.stdout.write(
            self.style.SUCCESS(f"Restored and checked: {counts}; {len(manifest['files'])} files.")
        )
