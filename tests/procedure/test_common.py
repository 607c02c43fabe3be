"""What every chair action shares: one transaction, one log row, its actor. (models/procedure/common.py)"""

from __future__ import annotations

from models import procedure as P
from models.state import procedural_log
from tests.replay import local, open_item_5, run_script


def test_every_action_writes_exactly_one_log_row(store, sample, clock):
    before = len(procedural_log(store, sample))
    entries = run_script(store, sample, clock)
    log = procedural_log(store, sample)
    assert len(log) == before + len(entries)
    assert [e.id for e in log[before:]] == [e.id for e in entries]
    assert all(e.at.tzinfo is not None and e.at.utcoffset().total_seconds() == 0 for e in log)



def test_the_actor_of_each_action_is_recorded(store, sample):
    P.call_to_order(store, sample, local("15:07:00"), actor="vice-chair")
    P.inscribe(store, sample, local("15:08:00"), participant_key="ST-NOR", actor="secretariat")
    log = procedural_log(store, sample)
    assert [(e.action, e.actor) for e in log[-2:]] == [("called_to_order", "vice-chair"), ("inscribed", "secretariat")]


def test_a_log_row_keeps_only_the_rows_its_action_touched(store, sample):
    """Undo by changed rows: giving the floor with 25 waiting stores two rows
    (the one who ends, the one who begins), not the meeting — and the
    participant whose presence the floor implied (procedure/attendance.py)."""
    import json

    state = open_item_5(store, sample)
    assert len(state.waiting) == 25
    first = P.give_floor(store, sample, local("15:20:00"))
    assert first.before["rows"][0] == ["intervention", state.waiting[0].id, first.before["rows"][0][2]]
    colombia = sorted(p.id for p in state.participants if p.delegation == "Colombia")  # for GRULAC and nationally
    assert sorted(key for table, key, values in first.before["rows"][1:]
                  if table == "participant" and values == {"attendance": None, "arrived_at": None}) == colombia
    assert len(first.before["rows"]) == 3
    second = P.give_floor(store, sample, local("15:24:00"))
    assert sorted(key for table, key, _values in second.before["rows"] if table == "intervention") == sorted(
        [state.waiting[0].id, state.waiting[1].id])
    assert [table for table, _key, _values in second.before["rows"]].count("participant") == 1  # the EU
    paused = P.pause(store, sample, local("15:25:00"))
    assert paused.before["rows"] == [["intervention", state.waiting[1].id, {"paused_since": None, "pause_reason": ""}]]
    inscribed = P.inscribe(store, sample, local("15:26:00"), participant_key="ST-NOR")
    assert inscribed.before["rows"] == [["intervention", inscribed.intervention_id, None]]  # inserted: undo deletes it
    for entry in (first, second, paused, inscribed):
        assert len(json.dumps(entry.before)) < 4096
