"""The full-text indexes of the notes, of the stored chair's summaries and of
the written statements, as each engine makes them (``models.search`` reads
them). Imported by ``models.schema`` when it makes a new database; the
migrations ``0007_series_search`` (notes), ``0008_register`` (summaries) and
``0009_participation`` (written statements) hold their own frozen copies of
this DDL."""

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


def _like_the_notes(table: str, fts: str) -> tuple[str, ...]:
    """:data:`SQLITE_DDL` made again for ``table``'s ``search_text``: the FTS5 table ``fts`` and its triggers."""
    return tuple(statement.replace("note_fts", fts).replace("content='note'", f"content='{table}'")
                 .replace(" ON note ", f" ON {table} ") for statement in SQLITE_DDL)


#: SQLite: the same over ``summarypassage.search_text`` (the chair's summaries stored at finalize).
SQLITE_SUMMARY_DDL = _like_the_notes("summarypassage", "summary_fts")
#: SQLite: the same over ``writtenstatement.search_text`` (``floor attach``).
SQLITE_STATEMENT_DDL = _like_the_notes("writtenstatement", "statement_fts")
#: PostgreSQL: the text-search indexes over the ``search_text`` of notes, summary passages and written statements.
POSTGRESQL_DDL = tuple(
    statement
    for table in ("note", "summarypassage", "writtenstatement")
    for statement in (
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
        f"CREATE INDEX IF NOT EXISTS ix_{table}_search ON {table} USING gin (search_vector)",
    )
)


def create_index(conn: Connection) -> None:
    """Make the full-text index of the engine behind ``conn`` (idempotent),
    and fill it from the notes already stored (SQLite: FTS5 ``rebuild``)."""
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DDL + SQLITE_SUMMARY_DDL + SQLITE_STATEMENT_DDL:
            conn.exec_driver_sql(statement)
        for fts in ("note_fts", "summary_fts", "statement_fts"):
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        for statement in POSTGRESQL_DDL:
            conn.exec_driver_sql(statement)
