import argparse

from django.core.management.base import BaseCommand
from tqdm import tqdm

from registry_export import dumps


class _BarStream:
    """The command's stderr as the plain file tqdm writes to: Django's wrapper would end every
    write with a newline and colour it as an error, so writes go through with neither; flush,
    isatty, fileno and encoding are the wrapped stream's."""

    def __init__(self, wrapper):
        self._wrapper = wrapper

    def write(self, text):
        self._wrapper.write(text, style_func=str, ending="")

    def __getattr__(self, name):
        return getattr(self._wrapper, name)


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
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Show a progress bar on stderr (default: only when stderr is a terminal).",
        )

    def handle(self, *args, output, fmt, progress, **options):
        with tqdm(
            desc="Exporting documents",
            unit="doc",
            file=_BarStream(self.stderr),
            # None: tqdm's own rule, off when stderr is not a terminal (cron, CI, a pipe).
            disable=None if progress is None else not progress,
            dynamic_ncols=True,
        ) as bar:

            def advance(done, total):
                bar.total = total
                bar.update(done - bar.n)

            manifest = dumps.write_dumps(output, fmt=fmt, progress=advance)
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
