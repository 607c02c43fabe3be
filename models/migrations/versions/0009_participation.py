"""Participation made transparent (issue 14): accreditation status in the
roster and written statements.

- ``participant.participation_status`` ("approved" for every existing row:
  the server default), ``participation_on`` (ISO date or null) and
  ``participation_basis`` (free text: a reference or a reason);
- ``writtenstatement``: a statement attached by the secretariat for a
  participant who could not take the floor (``floor attach``), its extracted
  text, folded text, file name, hash and media type, and the engine's
  full-text index over it (SQLite: FTS5 ``statement_fts`` and its triggers;
  PostgreSQL: the stored generated column ``writtenstatement.search_vector``
  and its GIN index).

Frozen: plain SQL types only, never imports ``models`` (the DDL is copied
here as it was at this revision).

Revision ID: 0009_participation
Revises: 0008_register
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_participation'
down_revision = '0008_register'
branch_labels = None
depends_on = None

_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS statement_fts USING fts5(search_text, content='writtenstatement', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_insert AFTER INSERT ON writtenstatement BEGIN "
    "INSERT INTO statement_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_delete AFTER DELETE ON writtenstatement BEGIN "
    "INSERT INTO statement_fts(statement_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_update AFTER UPDATE OF search_text ON writtenstatement BEGIN "
    "INSERT INTO statement_fts(statement_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO statement_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
_POSTGRESQL = (
    "ALTER TABLE writtenstatement ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_writtenstatement_search ON writtenstatement USING gin (search_vector)",
)


def upgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participation_status', sa.String(), server_default='approved', nullable=False))
        batch_op.add_column(sa.Column('participation_on', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('participation_basis', sa.String(), server_default='', nullable=False))
    op.create_table('writtenstatement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('search_text', sa.String(), server_default='', nullable=False),
    sa.Column('file_name', sa.String(), nullable=False),
    sa.Column('sha256', sa.String(), nullable=False),
    sa.Column('media_type', sa.String(), nullable=False),
    sa.Column('attached_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agendaitem.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('writtenstatement', schema=None) as batch_op:
        batch_op.create_index('ix_writtenstatement_meeting', ['meeting_id', 'attached_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_writtenstatement_participant_id'), ['participant_id'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE:
            bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql":
        for statement in _POSTGRESQL:
            bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("statement_fts_insert", "statement_fts_delete", "statement_fts_update"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS statement_fts")
    op.drop_table('writtenstatement')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('participation_basis')
        batch_op.drop_column('participation_on')
        batch_op.drop_column('participation_status')
