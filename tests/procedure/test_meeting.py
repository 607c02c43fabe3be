"""The meeting: called to order, suspended, resumed, rises; items taken up. (models/procedure/meeting.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state, procedural_log
from models.store import Store
from models.tables import InterventionStatus, MeetingState
from models.timing import used_seconds
from tests.replay import event, local, open_item_5, run_script


def test_call_to_order_opens_first_item(store, sample, clock):
    clock.set(local("15:07:00"))
    entry = P.call_to_order(store, sample, clock.now())
    state = load_state(store, sample)
    assert state.meeting.state == MeetingState.IN_SESSION
    assert state.item.number == "1" and state.item.started_at == local("15:07:00")
    assert entry.detail["delay_s"] == event("E01")["expected_values"]["delay_s"]
    with pytest.raises(P.ProcedureError):
        P.call_to_order(store, sample, clock.now())


def test_nothing_happens_before_the_call_to_order(store, sample, clock):
    with pytest.raises(P.ProcedureError, match="called to order"):
        P.give_floor(store, sample, clock.now())
    assert len(procedural_log(store, sample)) == 1  # only the import


def test_suspension_pauses_the_countdown(store, sample, clock):
    run_script(store, sample, clock, until="16:20:20")  # GRULAC from 16:20:20
    clock.set(local("16:21:20"))
    P.suspend(store, sample, clock.now())
    with pytest.raises(P.ProcedureError, match="suspended"):
        P.give_floor(store, sample, clock.now())
    clock.set(local("16:31:20"))
    P.resume(store, sample, clock.now())
    current = load_state(store, sample).current.intervention
    assert round(used_seconds(current, local("16:32:20"))) == 120  # 10 min suspension not charged


def test_rise_marks_waiting_speakers_not_reached(store, sample, clock):
    run_script(store, sample, clock)
    state = load_state(store, sample)
    assert state.meeting.state == MeetingState.ROSE and state.meeting.rose_at == local("18:00:00")
    with pytest.raises(P.ProcedureError):
        P.give_floor(store, sample, clock.now())


def test_resume_after_restart_is_exact(db_url, store, sample, clock):
    """Kill the process mid-intervention: a new store on the same file sees the same meeting."""
    run_script(store, sample, clock, until="16:50:05")  # Côte d'Ivoire paused at 100 s
    P.save_notes(store, load_state(store, sample).current.id, "Interpretation lost in EN and ES.", clock.now())
    store.dispose()  # the process dies; nothing else is flushed

    again = Store(db_url)
    state = load_state(again, sample)
    assert state.item.number == "5"
    assert state.current.participant.key == "ST-CIV"
    iv = state.current.intervention
    assert iv.paused_since is not None
    assert round(used_seconds(iv, local("16:50:40"))) == 100  # still paused
    P.resume_countdown(again, sample, local("16:50:50"))
    iv = load_state(again, sample).current.intervention
    assert round(used_seconds(iv, local("16:53:10"))) == 240
    assert load_state(again, sample).current.notes == "Interpretation lost in EN and ES."
    assert [e.participant.key for e in state.waiting][:2] == ["ST-VCT", "ST-PHL"]
    again.dispose()


def test_item_clock_counts_only_while_the_item_is_current(store, sample, clock):
    from models.state import item_used_seconds

    run_script(store, sample, clock, until="16:20:00")  # item 5 opens at 16:20
    P.go_to_item(store, sample, local("16:30:00"), step=1)  # to item 6 for 5 minutes
    P.go_to_item(store, sample, local("16:35:00"), step=-1)  # back to item 5
    item5 = load_state(store, sample).item
    assert item_used_seconds(item5, local("16:40:00")) == 15 * 60
    P.rise(store, sample, local("16:40:00"))
    item5 = next(i for i in load_state(store, sample).items if i.number == "5")
    assert item_used_seconds(item5, local("17:40:00")) == 15 * 60  # stopped when the meeting rose


def test_call_to_order_on_another_day_is_noted(store, sample):
    entry = P.call_to_order(store, sample, local("15:07:00") + __import__("datetime").timedelta(days=3))
    assert "not on the scheduled date 2026-07-02" in entry.summary



def test_when_the_meeting_rises_nobody_is_left_waiting(store, sample):
    state = open_item_5(store, sample)
    waiting = [e.id for e in state.waiting]
    P.give_floor(store, sample, local("15:20:00"))
    P.rise(store, sample, local("15:25:00"))
    from models.state import item_entries, status_dict

    after = load_state(store, sample)
    statuses = {e.id: e.intervention.status for item in after.items for e in item_entries(store, item.id)}
    assert InterventionStatus.WAITING not in statuses.values()
    assert [statuses[i] for i in waiting[1:]] == [InterventionStatus.NOT_REACHED] * (len(waiting) - 1)
    assert statuses[waiting[0]] == InterventionStatus.SPOKE
    assert status_dict(after, local("15:26:00"))["waiting"] == []


def test_going_back_to_an_item_keeps_when_it_was_first_taken_up(store, sample):
    state = open_item_5(store, sample)
    item4 = next(it for it in state.items if it.number == "4")
    first_start = item4.started_at
    P.go_to_item(store, sample, local("15:30:00"), step=-1)
    again = next(it for it in load_state(store, sample).items if it.number == "4")
    assert again.started_at == first_start and again.ended_at is None
    P.go_to_item(store, sample, local("15:31:00"), step=1)
    item5 = load_state(store, sample).item
    assert item5.number == "5" and item5.started_at == local("15:13:00")


def test_resuming_the_meeting_keeps_the_chairs_own_pause(store, sample):
    open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    P.pause(store, sample, local("15:21:00"))
    P.suspend(store, sample, local("15:22:00"))
    P.resume(store, sample, local("15:32:00"))
    current = load_state(store, sample).current.intervention
    assert current.paused_since == local("15:21:00")  # still paused: the chair resumes it, not the meeting
    P.resume_countdown(store, sample, local("15:33:00"))
    from models.timing import used_seconds

    assert round(used_seconds(load_state(store, sample).current.intervention, local("15:34:00"))) == 120
