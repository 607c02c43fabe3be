"""Presence: one row per running process; interruptions and the chair's decisions.

- ``presence`` was one row per (meeting, role); it becomes one row per running
  Floor process (id, meeting, role, host, pid, started_at, seen_at = last
  heartbeat; UTC). Its rows are heartbeats, not record: the table is dropped
  and made anew (a process still running re-adds its row at its next beat).
- ``interruption`` (new): gaps in the chair screen's life (crash, sleep, clock
  jump) while someone had the floor, and the chair's decision on each
  (``models.procedure.interruptions``).

Frozen: plain SQL types only, never imports ``models``.

Revision ID: 0002_presence_interruptions
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_presence_interruptions'
down_revision = '0001_baseline'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('presence')
    op.create_table('presence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('host', sa.String(), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('presence', schema=None) as batch_op:
        batch_op.create_index('ix_presence_meeting_role', ['meeting_id', 'role'], unique=False)

    op.create_table('interruption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cause', sa.Enum('CRASH', 'SLEEP', 'CLOCK_JUMP', name='interruptioncause'), nullable=False),
    sa.Column('decision', sa.Enum('PENDING', 'KEPT', 'REMOVED', name='interruptiondecision'), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('log_id', sa.Integer(), nullable=True),
    sa.Column('deducted_s', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('interruption', schema=None) as batch_op:
        batch_op.create_index('ix_interruption_meeting_decision', ['meeting_id', 'decision'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('interruption', schema=None) as batch_op:
        batch_op.drop_index('ix_interruption_meeting_decision')
    op.drop_table('interruption')
    sa.Enum(name='interruptioncause').drop(op.get_bind(), checkfirst=True)
    sa.Enum(name='interruptiondecision').drop(op.get_bind(), checkfirst=True)
    with op.batch_alter_table('presence', schema=None) as batch_op:
        batch_op.drop_index('ix_presence_meeting_role')
    op.drop_table('presence')
    op.create_table('presence',
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('meeting_id', 'role')
    )
