"""Series of meetings and the search of notes (issue 13).

- ``series``: a series of meetings (id, title);
- ``meeting.series_id``, ``meeting.series_number`` (nullable: a meeting in no
  series), ``meeting.record``: "attributed" | "non_attributed" (existing
  meetings: non_attributed — search names no delegation);
- ``note.search_text``: the note folded (lower case, no accents), filled here
  for existing notes;
- the full-text index: SQLite, the FTS5 table ``note_fts`` over it with its
  triggers; PostgreSQL, the generated column ``note.search_vector``
  (``to_tsvector('simple', search_text)``, stored; not a column of the
  models) and its GIN index.

Frozen: plain SQL types only, never imports ``models`` (the fold and the DDL
are copied here as they were at this revision).

Revision ID: 0007_series_search
Revises: 0006_floor_requests
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0007_series_search'
down_revision = '0006_floor_requests'
branch_labels = None
depends_on = None

_EXTRA = str.maketrans({"’": "'", "‘": "'", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
                        "ß": "ss"})

_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_fts USING fts5(search_text, content='note', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS note_fts_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS note_fts_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS note_fts_update AFTER UPDATE OF search_text ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO note_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
)


def _fold(text: str) -> str:
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def upgrade() -> None:
    op.create_table('series',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('series_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('record', sa.String(), server_default='non_attributed', nullable=False))
        batch_op.create_index(batch_op.f('ix_meeting_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key('fk_meeting_series_id_series', 'series', ['series_id'], ['id'])
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(), server_default='', nullable=False))
    bind = op.get_bind()
    note = sa.table('note', sa.column('id', sa.Integer()), sa.column('text', sa.String()),
                    sa.column('search_text', sa.String()))
    rows = bind.execute(sa.select(note.c.id, note.c.text)).all()
    for note_id, text in rows:
        if text:
            bind.execute(note.update().where(note.c.id == note_id).values(search_text=_fold(text)))
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE:
            bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql":
        bind.exec_driver_sql("ALTER TABLE note ADD COLUMN IF NOT EXISTS search_vector tsvector "
                             "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED")
        bind.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_note_search ON note USING gin (search_vector)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("note_fts_insert", "note_fts_delete", "note_fts_update"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS note_fts")
    elif bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP INDEX IF EXISTS ix_note_search")
        bind.exec_driver_sql("ALTER TABLE note DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('search_text')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint('fk_meeting_series_id_series', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meeting_series_id'))
        batch_op.drop_column('record')
        batch_op.drop_column('series_number')
        batch_op.drop_column('series_id')
    op.drop_table('series')
