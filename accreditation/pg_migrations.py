"""Migration operations for PostgreSQL's own features (trigram indexes, SQL functions).

SQLite, the fast test and demo database, has neither GIN nor pg_trgm: there these
operations do nothing, and the code that uses them reads without them (case_search.py).
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL, on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
