"""The text index beside search_searchdocument, for the database in use.

SQLite: an FTS5 table whose rowid is the row's rank_key, and a trigger that removes the FTS
row whenever its index row is deleted (by the service, a cascade or a flush). The unicode61
tokenizer splits our pre-segmented, space-separated terms back into exactly those terms.

PostgreSQL: a tsvector column written by the service, a GIN index on it, and a larger
statistics target so the planner's lexeme frequencies cover more words (it uses them to choose
between the GIN index and walking rank_key newest first)."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, meta, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_searchdocument_fts_delete AFTER DELETE ON search_searchdocument "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.rank_key; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_delete",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument "
    "ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector",
    "ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STATISTICS 1000",
    "CREATE INDEX search_searchdocument_vector_gin ON search_searchdocument "
    "USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchdocument_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
