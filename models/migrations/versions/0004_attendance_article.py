"""Attendance and the article of a delegation's name.

- ``participant.attendance``: how the participant was present — "in_person",
  "online" — or NULL: not recorded as present (registered only);
- ``participant.arrived_at``: when it was first recorded as present (UTC);
- ``participant.article``: the article used before the delegation's name in
  running text ("the" for "the United States of America", "" for none);
  NULL takes the default of ``models/country_names.json``.

Existing rows: not recorded as present, article by default. Frozen: plain SQL
types only, never imports ``models``.

Revision ID: 0004_attendance_article
Revises: 0003_participant_fields
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_attendance_article'
down_revision = '0003_participant_fields'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('article', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('article')
        batch_op.drop_column('arrived_at')
        batch_op.drop_column('attendance')
