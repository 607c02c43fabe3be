"""Participant fields the agenda always accepted and the import dropped.

- ``participant.role``: the speaker's function ("Minister of Justice"),
  printed after the speaker's name in the minutes;
- ``participant.note``: the secretariat's note, shown when inscribing;
- ``participant.aliases``: other names the chair may type ("Turkey", "TUR"),
  a JSON list of strings.

Existing rows get empty text and no aliases. Frozen: plain SQL types only,
never imports ``models``.

Revision ID: 0003_participant_fields
Revises: 0002_presence_interruptions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_participant_fields'
down_revision = '0002_presence_interruptions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('note', sa.String(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('aliases', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('aliases')
        batch_op.drop_column('note')
        batch_op.drop_column('role')
