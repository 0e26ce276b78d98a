"""Trigram indexes for the desk's case search (accreditation.case_search), on PostgreSQL.

A word is searched inside the titles and the provider's reference (`UPPER(…) LIKE '%WORD%'`,
Django's `icontains`), which no B-tree can serve: without these indexes PostgreSQL reads every
case to find a handful. pg_trgm's GIN indexes find the cases holding the word's trigrams
(Japanese included: the database's C.UTF-8 classes kana and kanji as letters), and the search
ORs them in a bitmap. Each index is on the very expression Django writes for the lookup.

They are PostgreSQL's own, so they are created here rather than in the model's Meta: SQLite
(the fast test profile) has neither GIN nor pg_trgm, and would meet them again whenever it
rebuilds the table. On SQLite this migration does nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from accreditation.pg_migrations import PostgreSQLOnly

#: (index name, indexed expression)
INDEXES = [
    ("dossier_title_ja_trgm", "UPPER(content #>> '{title,ja}')"),
    ("dossier_title_en_trgm", "UPPER(content #>> '{title,en}')"),
    ("dossier_reference_trgm", "UPPER(provider_reference::text)"),
]


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0009_case_list_indexes")]

    operations = [
        TrigramExtension(),
        *(
            PostgreSQLOnly(
                f"CREATE INDEX {name} ON accreditation_dossier USING gin (({expression}) gin_trgm_ops)",
                f"DROP INDEX {name}",
            )
            for name, expression in INDEXES
        ),
    ]
