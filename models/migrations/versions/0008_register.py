"""The register of recommendations, the log of a series and the chair's
summaries stored for search (issue 13).

- ``recommendation``: a tagged sentence of the notes with its stable
  reference (``CD-FIREARMS-01/R3``), kind, number, status;
- ``followup``: a later note's sentence following a recommendation up;
- ``serieslog``: changes between meetings (a recommendation's status);
- ``summarypassage``: the chair's summary stored at ``floor finalize``, one
  row per passage, with its folded text and the engine's full-text index
  (SQLite: FTS5 ``summary_fts`` and its triggers; PostgreSQL: the stored
  generated column ``summarypassage.search_vector`` and its GIN index).

Existing notes get no references here: a note's tagged sentences get theirs
at its next save (``models.register``). Meetings finalized before this
revision have no stored summary.

Frozen: plain SQL types only, never imports ``models`` (the DDL is copied
here as it was at this revision).

Revision ID: 0008_register
Revises: 0007_series_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_register'
down_revision = '0007_series_search'
branch_labels = None
depends_on = None

_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS summary_fts USING fts5(search_text, content='summarypassage', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS summary_fts_insert AFTER INSERT ON summarypassage BEGIN "
    "INSERT INTO summary_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS summary_fts_delete AFTER DELETE ON summarypassage BEGIN "
    "INSERT INTO summary_fts(summary_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS summary_fts_update AFTER UPDATE OF search_text ON summarypassage BEGIN "
    "INSERT INTO summary_fts(summary_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO summary_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
_POSTGRESQL = (
    "ALTER TABLE summarypassage ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_summarypassage_search ON summarypassage USING gin (search_vector)",
)


def upgrade() -> None:
    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('ref', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('status_on', sa.String(), nullable=True),
    sa.Column('status_reason', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'kind', 'number', name='uq_recommendation_number'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_note_id'), ['note_id'], unique=False)
    op.create_table('followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('ref', sa.String(length=120), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_note_id'), ['note_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_ref'), ['ref'], unique=False)
    op.create_table('serieslogentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('serieslogentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_serieslogentry_series_id'), ['series_id'], unique=False)
    op.create_table('summarypassage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item_number', sa.String(), nullable=True),
    sa.Column('heading', sa.String(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('search_text', sa.String(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('summarypassage', schema=None) as batch_op:
        batch_op.create_index('ix_summarypassage_meeting', ['meeting_id', 'position'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE:
            bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql":
        for statement in _POSTGRESQL:
            bind.exec_driver_sql(statement)
        # the planner's statistics of the notes' text-search column (0007): without them a word in many notes
        # is searched by a slow plan until autovacuum gets to the table
        bind.exec_driver_sql("ANALYZE note")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("summary_fts_insert", "summary_fts_delete", "summary_fts_update"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS summary_fts")
    op.drop_table('summarypassage')
    op.drop_table('serieslogentry')
    op.drop_table('followup')
    op.drop_table('recommendation')
