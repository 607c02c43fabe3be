"""Baseline: the schema as the core rebuild (issue 7) left it.

Frozen: plain SQL types only, never imports ``models``; a later change of
``models.tables`` is a new revision after this one.

Revision ID: 0001_baseline
Revises: (none)
Create Date: 2026-11-29 14:29:27.000946
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001_baseline'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('body', sa.String(), nullable=False),
    sa.Column('mandate', sa.String(), nullable=False),
    sa.Column('meeting_number', sa.String(), nullable=False),
    sa.Column('date', sa.String(), nullable=False),
    sa.Column('scheduled_start', sa.DateTime(timezone=True), nullable=True),
    sa.Column('scheduled_end', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timezone', sa.String(), nullable=False),
    sa.Column('place', sa.String(), nullable=False),
    sa.Column('modality', sa.String(), nullable=False),
    sa.Column('chair_name', sa.String(), nullable=False),
    sa.Column('chair_delegation', sa.String(), nullable=False),
    sa.Column('secretariat', sa.JSON(), nullable=True),
    sa.Column('rapporteur', sa.JSON(), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=True),
    sa.Column('state', sa.Enum('SCHEDULED', 'IN_SESSION', 'SUSPENDED', 'ROSE', name='meetingstate'), nullable=False),
    sa.Column('called_to_order_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rose_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('current_item_id', sa.Integer(), nullable=True),
    sa.Column('record_status', sa.String(), nullable=False),
    sa.Column('finalized_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('agenda_path', sa.String(), nullable=False),
    sa.Column('agenda_sha256', sa.String(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('agendaitem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('allotted_s', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('elapsed_s', sa.Float(), nullable=False),
    sa.Column('list_closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('list_ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('limit_cap_s', sa.Integer(), nullable=True),
    sa.Column('category_limits_s', sa.JSON(), nullable=True),
    sa.Column('contingents_s', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agendaitem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agendaitem_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('logentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.Column('before', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('undone_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('logentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logentry_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('delegation', sa.String(), nullable=False),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('speaker', sa.String(), nullable=False),
    sa.Column('on_behalf_of', sa.String(), nullable=False),
    sa.Column('org_type', sa.String(), nullable=False),
    sa.Column('mode', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'key')
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('presence',
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('meeting_id', 'role')
    )
    op.create_table('suspension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resumed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suspension_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('intervention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Float(), nullable=False),
    sa.Column('kind', sa.Enum('STATEMENT', 'REPLY', name='interventionkind'), nullable=False),
    sa.Column('reply_number', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('WAITING', 'SPEAKING', 'SPOKE', 'WITHDREW', 'NOT_PRESENT', 'NOT_REACHED', name='interventionstatus'), nullable=False),
    sa.Column('inscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('allotted_s', sa.Integer(), nullable=True),
    sa.Column('extension_s', sa.Integer(), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_s', sa.Float(), nullable=False),
    sa.Column('paused_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pause_reason', sa.String(), nullable=False),
    sa.Column('failed_calls', sa.JSON(), nullable=True),
    sa.Column('moved_by_chair', sa.Boolean(), nullable=False),
    sa.Column('late_override', sa.Boolean(), nullable=False),
    sa.Column('used_s', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agendaitem.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervention_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_intervention_queue', ['item_id', 'status', 'kind', 'position'], unique=False)

    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agendaitem.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index('ix_note_seq', ['meeting_id', 'seq'], unique=False)
        batch_op.create_index('ix_note_target', ['item_id', 'intervention_id'], unique=False)

    op.create_table('pointoforder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('interrupted_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(), nullable=False),
    sa.Column('ruling', sa.String(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pointoforder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pointoforder_meeting_id'), ['meeting_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pointoforder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pointoforder_meeting_id'))

    op.drop_table('pointoforder')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index('ix_note_target')
        batch_op.drop_index('ix_note_seq')

    op.drop_table('note')
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.drop_index('ix_intervention_queue')
        batch_op.drop_index(batch_op.f('ix_intervention_participant_id'))
        batch_op.drop_index(batch_op.f('ix_intervention_item_id'))

    op.drop_table('intervention')
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suspension_meeting_id'))

    op.drop_table('suspension')
    op.drop_table('presence')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_meeting_id'))

    op.drop_table('participant')
    with op.batch_alter_table('logentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logentry_meeting_id'))

    op.drop_table('logentry')
    with op.batch_alter_table('agendaitem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agendaitem_meeting_id'))

    op.drop_table('agendaitem')
    op.drop_table('meeting')
