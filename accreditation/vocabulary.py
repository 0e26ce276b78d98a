"""The names people read for the codes the secretariat keeps as reference data.

Frameworks, credit systems, jurisdiction profiles and fields of study are editable tables
(`models/reference.py`); their rows are the one source of the names shown for a code, on every
page, in the change lists and in the catalogue's filters. The interchange format fixes which
codes a dossier may carry (`schemas/dossier.schema.json`, the contract with providers' systems;
tests/accreditation/test_vocabulary.py holds the tables and the format's codes together); the
fixed lists that are not reference data stay choices in `content.py`.

A page names many codes, so each table's names are read once and kept in the cache (shared by
every process where the cache is Redis) until a row of it is saved or deleted, or the database
is migrated.
"""

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from .models import CreditSystem, FieldOfStudy, JurisdictionProfile, LevelFramework

#: The reference tables, by the name their codes go by in templates (`{{ code|label:"…" }}`).
TABLES = {
    "framework": LevelFramework,
    "credit_system": CreditSystem,
    "jurisdiction": JurisdictionProfile,
    "field_of_study": FieldOfStudy,
}

#: How long a process may keep names where the cache is its own (local memory): another
#: process's edit reaches it within this time. A shared cache is emptied at once.
KEPT_FOR = 300


def _key(kind):
    return f"reference-names:{kind}"


def _rows(kind):
    """[(code, Japanese name, English name)] of a table, from the cache or the database."""
    return cache.get_or_set(
        _key(kind),
        lambda: list(TABLES[kind].objects.values_list("code", "name_ja", "name_en")),
        KEPT_FOR,
    )


def names(kind, language=None):
    """{code: name} of a reference table, in `language` (the active one by default); a row
    without an English name reads in Japanese, as NamedInTwoLanguages does."""
    english = (language or get_language() or "ja").startswith("en")
    return {code: (en or ja) if english else ja for code, ja, en in _rows(kind)}


def codes(kind):
    return {code for code, _ja, _en in _rows(kind)}


def forget(kind):
    """Drop a table's kept names once the change that made them wrong is committed (before
    it, another request would keep the old rows again)."""
    transaction.on_commit(lambda: cache.delete(_key(kind)))


def forget_changed_table(sender, **kwargs):
    """post_save/post_delete receiver for the reference tables."""
    for kind, model in TABLES.items():
        if sender is model:
            forget(kind)


def forget_all(**kwargs):
    """post_migrate receiver: a migration may change the tables without a model's signals."""
    cache.delete_many([_key(kind) for kind in TABLES])
