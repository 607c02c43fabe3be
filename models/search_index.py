"""The full-text index of the notes, as each engine makes it (``models.search``
reads it). Imported by ``models.schema`` when it makes a new database; the
migration ``0007_series_search`` holds its own frozen copy of this DDL."""

from __future__ import annotations

from sqlalchemy.engine import Connection

#: SQLite: the FTS5 table over ``note.search_text`` and the triggers that keep it up to date.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_fts USING fts5(search_text, content='note', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS note_fts_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS note_fts_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS note_fts_update AFTER UPDATE OF search_text ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO note_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
#: PostgreSQL: the text-search index over ``note.search_text``.
POSTGRESQL_DDL = (
    "ALTER TABLE note ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_note_search ON note USING gin (search_vector)",
)


def create_index(conn: Connection) -> None:
    """Make the full-text index of the engine behind ``conn`` (idempotent),
    and fill it from the notes already stored (SQLite: FTS5 ``rebuild``)."""
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DDL:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO note_fts(note_fts) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        for statement in POSTGRESQL_DDL:
            conn.exec_driver_sql(statement)
