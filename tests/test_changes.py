"""Before-images of changed rows (models/changes.py): captured once per row and
column, whatever the flushes in between; restored exactly."""

from __future__ import annotations

from sqlmodel import select

from models.changes import ChangeTracker, restore
from models.procedure.common import chair_transaction
from models.state import load_state
from models.tables import Intervention, Suspension
from tests.replay import local, open_item_5


def test_the_first_old_value_is_kept_across_flushes_and_restored(store, sample):
    state = open_item_5(store, sample)
    entry = state.waiting[0].id
    with chair_transaction(store, sample) as (s, _m):
        tracker: ChangeTracker = s.info["changes"]
        iv = s.get(Intervention, entry)
        original = iv.position
        iv.position = 1.0
        s.flush()
        iv.position = 2.0
        iv.moved_by_chair = True
        s.flush()
        rows = tracker.rows()
    assert rows == [["intervention", entry, {"position": original, "moved_by_chair": False}]]
    with store.transaction() as s:
        restore(s, rows)
    back = next(e for e in load_state(store, sample).entries if e.id == entry).intervention
    assert (back.position, back.moved_by_chair) == (original, False)


def test_inserted_rows_are_deleted_and_deleted_rows_come_back(store, sample):
    open_item_5(store, sample)
    with chair_transaction(store, sample) as (s, m):
        tracker = s.info["changes"]
        s.add(Suspension(meeting_id=m.id, suspended_at=local("15:20:00")))
        s.flush()
        inserted = tracker.rows()
    assert [row[0] for row in inserted] == ["suspension"] and inserted[0][2] is None
    with store.transaction() as s:
        restore(s, inserted)
    assert load_state(store, sample).suspensions == []
    with chair_transaction(store, sample) as (s, m):
        s.add(Suspension(meeting_id=m.id, suspended_at=local("15:21:00")))
    with chair_transaction(store, sample) as (s, m):
        tracker = s.info["changes"]
        for row in s.exec(select(Suspension)).all():
            s.delete(row)
        s.flush()
        deleted = tracker.rows()
    with store.transaction() as s:
        restore(s, deleted)
    assert [x.suspended_at for x in load_state(store, sample).suspensions] == [local("15:21:00")]
