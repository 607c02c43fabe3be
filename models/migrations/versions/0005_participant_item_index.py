"""An index on a participant's entries on an item.

The one-entry rule (``models.procedure.common.end_of_category_position``,
``is_second_entry``) asks, for each waiting entry, whether its participant
has an earlier entry on the item. Without this index SQLite answered it by
scanning the item's whole history: inscribing cost 44 ms on an item with
10,000 interventions against 2 ms with the index (benchmarks/reference.py).

Revision ID: 0005_participant_item_index
Revises: 0004_attendance_article
"""

from __future__ import annotations

from alembic import op

revision = '0005_participant_item_index'
down_revision = '0004_attendance_article'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_intervention_participant_item', 'intervention', ['participant_id', 'item_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_intervention_participant_item', table_name='intervention')
