"""Short words for the desk's case search (accreditation.case_search), on PostgreSQL.

A trigram index cannot find a word of one or two characters (統計, AI): it holds no trigram
of it, and PostgreSQL reads every case instead. `case_grams(content, provider_reference)` is
every character and every pair of adjacent characters of a case's titles and reference, upper
case, each between spaces (" A AI I 統 統計 計 "); a GIN trigram index on it finds
`LIKE '% 統計 %'` as it finds longer words in 0010's indexes. It is an immutable SQL function of
the row's own columns, so the index keeps itself current: no column to fill, no code to
remember. On SQLite this migration does nothing (a short word is searched as before).
"""

from django.db import migrations

from accreditation.pg_migrations import PostgreSQLOnly

FUNCTION = r"""
CREATE FUNCTION case_grams(content jsonb, reference text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ' ' || coalesce(string_agg(DISTINCT substr(word, i, n), ' '), '') || ' '
  FROM regexp_split_to_table(
         upper(concat_ws(' ', content #>> '{title,ja}', content #>> '{title,en}', reference)),
         '\s+'
       ) AS word,
       generate_series(1, length(word)) AS i,
       (VALUES (1), (2)) AS size(n)
  WHERE word <> '' AND i + n - 1 <= length(word)
$$
"""

INDEX = (
    "CREATE INDEX dossier_grams_trgm ON accreditation_dossier"
    " USING gin ((case_grams(content, provider_reference::text)) gin_trgm_ops)"
)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0011_provider_list_index")]

    operations = [
        PostgreSQLOnly(FUNCTION, "DROP FUNCTION case_grams(jsonb, text)"),
        PostgreSQLOnly(INDEX, "DROP INDEX dossier_grams_trgm"),
    ]
