"""Names kept in Japanese and English (`name_ja`, `name_en`)."""

from django.utils.translation import get_language


class NamedInTwoLanguages:
    """For a model with `name_ja` and `name_en`: its name in a language, in Japanese when it has
    no English name (Japanese is the register's primary language)."""

    def name_in(self, language):
        return self.name_en if language == "en" and self.name_en else self.name_ja

    @property
    def name(self):
        """The name in the active language."""
        return self.name_in(get_language())

    @staticmethod
    def name_columns(path=""):
        """The columns `name` reads, under a relation's `path` ("organisation__"): for a list
        that reads only what it shows (`.only()`)."""
        return (f"{path}name_ja", f"{path}name_en")
