from django.core.management.base import BaseCommand

from registry_export import dumps


class Command(BaseCommand):
    help = (
        "Write the full registry dumps (JSON-LD as JSON Lines and as a JSON array, canonical "
        "N-Quads; gzipped) and their manifest from the stored documents, showing progress."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help="Directory to write into (default: settings.REGISTRY_DUMP_DIR).",
        )
        parser.add_argument(
            "--format", dest="fmt", choices=list(dumps.FORMATS), default="all", help="Default: all."
        )

    def handle(self, *args, output, fmt, **options):
        manifest = dumps.write_dumps(output, fmt=fmt, progress=self._progress)
        directory = output or dumps.dump_dir()
        for entry in manifest["files"]:
            self.stdout.write(f"{directory}/{entry['name']}  {entry['size']} bytes")
        counts = manifest["counts"]
        self.stdout.write(
            self.style.SUCCESS(f"Exported {counts['documents']} documents to {directory}.")
        )
        if counts["documents_without_nquads"]:
            self.stderr.write(
                f"{counts['documents_without_nquads']} documents have no canonical N-Quads "
                "(see the error log) and are missing from the N-Quads dump."
            )

    def _progress(self, done, total):
        # A plain progress line (tqdm is not a dependency); a terminal sees it update in place.
        end = "\n" if done == total else ""
        self.stderr.write(f"\rExporting documents: {done}/{total}", ending=end)
        self.stderr.flush()
