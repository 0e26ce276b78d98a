import argparse

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from accreditation.management.base import LocalisedCommand
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


class Command(LocalisedCommand):
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
            desc=_("Exporting documents"),
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
            size = ngettext("%(n)s byte", "%(n)s bytes", entry["size"]) % {"n": entry["size"]}
            self.stdout.write(f"{directory}/{entry['name']}  {size}")
        counts = manifest["counts"]
        exported = _("Exported %(n)s documents to %(directory)s.")
        self.stdout.write(
            self.style.SUCCESS(exported % {"n": counts["documents"], "directory": directory})
        )
        if counts["documents_without_nquads"]:
            missing = _(
                "%(n)s documents have no canonical N-Quads (see the error log) and are missing "
                "from the N-Quads dump."
            )
            self.stderr.write(missing % {"n": counts["documents_without_nquads"]})
