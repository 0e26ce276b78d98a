"""What the project's management commands share: each speaks one language.

Django runs a command in settings.LANGUAGE_CODE, Japanese here, so every translated message (a
service's refusal, a label) would come out in Japanese among the command's English lines. A
`LocalisedCommand` writes English unless `--language ja` is given; its messages, errors
included, are all in that language.
"""

from django.core.management.base import BaseCommand
from django.utils import translation


class LocalisedCommand(BaseCommand):
    #: The languages the command writes in, the default first; with one, no --language option.
    languages = ("en", "ja")

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if len(self.languages) > 1:
            parser.add_argument(
                "--language",
                choices=self.languages,
                default=self.languages[0],
                help=f"The language of the messages (default: {self.languages[0]}).",
            )
        return parser

    def execute(self, *args, **options):
        language = options.get("language") or self.languages[0]
        with translation.override(language):
            return super().execute(*args, **options)
