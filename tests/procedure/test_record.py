"""The record: finalize, corrections, revisions. (models/procedure/record.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state
from tests.replay import local, open_item_5, run_script


def test_corrections_use_the_day_the_meeting_was_held_and_refuse_no_change(store, sample):
    from datetime import timedelta

    import pendulum

    held = local("15:07:00") + timedelta(days=150)  # held in November (winter time), not on 2 July
    P.call_to_order(store, sample, held)
    P.give_floor(store, sample, held)
    iv = load_state(store, sample).current
    P.end_intervention(store, sample, held + timedelta(minutes=5))
    vienna = pendulum.instance(held).in_timezone("Europe/Vienna")
    new_end = vienna.add(minutes=4).format("HH:mm:ss")
    entry = P.correct(store, sample, held, intervention_id=iv.id, field="end", value=new_end)
    after = next(e for e in load_state(store, sample).entries if e.id == iv.id).intervention
    assert (after.ended_at - after.started_at).total_seconds() == 240
    assert entry.summary == f"End of Ghana (item 1) changed from {vienna.add(minutes=5).format('HH:mm:ss')} to {new_end}"
    with pytest.raises(P.ProcedureError, match="already"):
        P.correct(store, sample, held, intervention_id=iv.id, field="end", value=new_end)



def test_seconds_typed_in_a_corrected_time_are_kept(store, sample, clock):
    run_script(store, sample, clock)
    entry = next(e for e in load_state(store, sample).items[4:5] for e in [e])  # item 5
    from models.state import item_entries

    spoke = next(e for e in item_entries(store, entry.id) if e.intervention.started_at is not None)
    P.correct(store, sample, local("18:10:00"), intervention_id=spoke.id, field="start", value="16:20:17")
    again = next(e for e in item_entries(store, entry.id) if e.id == spoke.id)
    assert again.intervention.started_at == local("16:20:17")
    assert again.intervention.used_s == (again.intervention.ended_at - local("16:20:17")).total_seconds() - again.intervention.paused_s


def test_a_corrected_end_before_the_start_is_refused_and_nothing_changes(store, sample):
    state = open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    P.end_intervention(store, sample, local("15:24:00"))
    eu = state.waiting[0].id
    with pytest.raises(P.ProcedureError, match="before the start"):
        P.correct(store, sample, local("15:30:00"), intervention_id=eu, field="end", value="15:19:00")
    after = next(e for e in load_state(store, sample).entries if e.id == eu).intervention
    assert after.ended_at == local("15:24:00")


def test_a_local_time_the_night_reads_twice_is_refused_naming_both_offsets(store, sample):
    """Issue 9 case 3: Vienna, 25 October 2026, clocks back from 03:00 to 02:00.
    A statement 02:20–02:24 summer time: "end 02:25:00" is refused naming
    +02:00 and +01:00 (not silently a 65-minute statement); "02:25:00+02:00"
    is taken; a time the spring night skips is refused too."""
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 10, 25, 0, 20, tzinfo=UTC)  # 02:20 CEST
    P.call_to_order(store, sample, start - timedelta(hours=3))
    P.give_floor(store, sample, start)
    iv = load_state(store, sample).current
    P.end_intervention(store, sample, start + timedelta(minutes=4))
    with pytest.raises(P.ProcedureError, match=r"02:25:00\+02:00 or 02:25:00\+01:00") as refused:
        P.correct(store, sample, start, intervention_id=iv.id, field="end", value="02:25:00")
    assert "twice" in str(refused.value)
    after = next(e for e in load_state(store, sample).entries if e.id == iv.id).intervention
    assert after.ended_at == start + timedelta(minutes=4)  # untouched
    P.correct(store, sample, start, intervention_id=iv.id, field="end", value="02:25:00+02:00")
    after = next(e for e in load_state(store, sample).entries if e.id == iv.id).intervention
    assert after.ended_at == start + timedelta(minutes=5) and after.used_s == 300
    from types import SimpleNamespace

    from models.procedure.record import _parse_local

    spring = SimpleNamespace(timezone="Europe/Vienna", called_to_order_at=datetime(2026, 3, 28, 20, tzinfo=UTC), date="2026-03-28")
    with pytest.raises(P.ProcedureError, match=r"does not exist.*02:30:00\+01:00 or 02:30:00\+02:00"):
        _parse_local("02:30:00", spring, datetime(2026, 3, 29, 0, 50, tzinfo=UTC))
    assert _parse_local("01:59:59", spring, datetime(2026, 3, 29, 0, 50, tzinfo=UTC)) == datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)
