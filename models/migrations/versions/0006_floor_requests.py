"""Participants' own requests for the floor and their personal links (issue 12).

- ``floorrequest``: a participant's request (a place on the list, a right of
  reply, a point of order) from its page, pending with the chair, placed,
  declined with a reason, or withdrawn; unique per participant and form key
  (a double click is one request);
- ``participantlink``: the SHA-256 of a participant's one-time link token and
  of the session it was exchanged for; revoked links open nothing;
- ``participant.contact_email``: where the secretariat sends the link
  (private, never exported); ``participant.checked_in_at``: the participant's
  last check-in from its page.

Existing rows: no e-mail, never checked in. Frozen: plain SQL types only,
never imports ``models``.

Revision ID: 0006_floor_requests
Revises: 0005_participant_item_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_floor_requests'
down_revision = '0005_participant_item_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_email', sa.String(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('floorrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('STATEMENT', 'REPLY', 'POINT_OF_ORDER', name='requestkind'), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'PLACED', 'DECLINED', 'WITHDRAWN', name='requeststatus'), nullable=False),
    sa.Column('request_key', sa.String(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('subject', sa.String(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('point_id', sa.Integer(), nullable=True),
    sa.Column('log_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agendaitem.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('participant_id', 'request_key')
    )
    with op.batch_alter_table('floorrequest', schema=None) as batch_op:
        batch_op.create_index('ix_floorrequest_meeting_status', ['meeting_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_floorrequest_participant_id'), ['participant_id'], unique=False)
    op.create_table('participantlink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.String(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(), nullable=False),
    sa.Column('session_sha256', sa.String(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_sha256'),
    sa.UniqueConstraint('token_sha256')
    )
    with op.batch_alter_table('participantlink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participantlink_participant_id'), ['participant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('participantlink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participantlink_participant_id'))
    op.drop_table('participantlink')
    with op.batch_alter_table('floorrequest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_floorrequest_participant_id'))
        batch_op.drop_index('ix_floorrequest_meeting_status')
    op.drop_table('floorrequest')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('checked_in_at')
        batch_op.drop_column('contact_email')
