"""Chair actions through the model layer: one action, one transaction, one log row."""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state, procedural_log
from models.store import Store
from models.tables import InterventionStatus, MeetingState
from models.timing import used_seconds
from tests.replay import event, local, run_script


def waiting_keys(store, meeting_id):
    return [e.participant.key for e in load_state(store, meeting_id).waiting]


def test_every_action_writes_exactly_one_log_row(store, sample, clock):
    before = len(procedural_log(store, sample))
    entries = run_script(store, sample, clock)
    log = procedural_log(store, sample)
    assert len(log) == before + len(entries)
    assert [e.id for e in log[before:]] == [e.id for e in entries]
    assert all(e.at.tzinfo is not None and e.at.utcoffset().total_seconds() == 0 for e in log)


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


def test_late_inscription_goes_to_the_end_of_its_category(store, sample, clock):
    """E06: Norway, inscribed late, goes after Morocco and before Iran (place 15 of 26)."""
    run_script(store, sample, clock, until="16:45:10")
    state = load_state(store, sample)
    keys = [e.participant.key for e in state.entries]
    assert len(keys) == event("E06")["expected_values"]["list_length"]
    assert keys.index("ST-NOR") + 1 == event("E06")["expected_values"]["position"]
    assert keys[keys.index("ST-NOR") - 1] == "ST-MAR" and keys[keys.index("ST-NOR") + 1] == "ST-IRN"


def test_duplicate_request_is_refused_and_logged(store, sample, clock):
    """E08: the Philippines ask again; refused, logged, list unchanged."""
    run_script(store, sample, clock, until="16:50:50")
    before = waiting_keys(store, sample)
    clock.set(local("16:52:00"))
    entry = P.inscribe(store, sample, clock.now(), participant_key="ST-PHL")
    assert entry.accepted is False and entry.detail["reason"] == "duplicate"
    assert waiting_keys(store, sample) == before
    assert procedural_log(store, sample)[-1].summary.startswith("Request from Philippines refused")
    # the chair may override
    P.inscribe(store, sample, clock.now(), participant_key="ST-PHL", override=True)
    assert waiting_keys(store, sample).count("ST-PHL") == 2


def test_absent_speaker_moves_to_end_of_category_then_is_dropped(store, sample, clock):
    """E09 then E13: Saint Vincent and the Grenadines absent twice → not present; no time charged."""
    run_script(store, sample, clock, until="16:53:50")
    expected = event("E09")["expected"]
    keys = waiting_keys(store, sample)
    assert keys[: keys.index("ST-IRN")][-2:] == ["ST-NOR", "ST-VCT"], expected
    state = load_state(store, sample)
    vct = next(e for e in state.entries if e.participant.key == "ST-VCT").intervention
    assert vct.started_at is None and used_seconds(vct, clock.now()) == 0
    assert [c["kind"] for c in vct.failed_calls] == ["absent"]
    # called again later and absent again: dropped
    for _ in range(keys.index("ST-VCT") + 1):  # everyone before it, then Saint Vincent
        P.give_floor(store, sample, clock.advance(60))
    assert load_state(store, sample).current.participant.key == "ST-VCT"
    P.speaker_absent(store, sample, clock.advance(20))
    vct = next(e for e in load_state(store, sample).entries if e.participant.key == "ST-VCT").intervention
    assert vct.status == InterventionStatus.NOT_PRESENT and len(vct.failed_calls) == 2
    assert event("E13")["expected_values"]["status"] == vct.status.value


def test_not_connected_moves_back_one_place(store, sample, clock):
    """E11 rule: an online speaker who cannot be connected goes after the next speaker."""
    run_script(store, sample, clock, until="16:58:10")
    assert waiting_keys(store, sample)[:3] == ["ST-LAO", "ST-KOR", "ST-VNM"]
    P.give_floor(store, sample, clock.advance(60))
    P.speaker_absent(store, sample, clock.advance(20), kind="not_connected")
    assert waiting_keys(store, sample)[:3] == event("E11")["expected_values"]["order_after"]


def test_repeated_next_never_skips_anyone(store, sample, clock):
    run_script(store, sample, clock, until="16:20:00")
    state = load_state(store, sample)
    head = state.waiting[0].id
    P.give_floor(store, sample, clock.advance(20), expected_next_id=head)
    with pytest.raises(P.ProcedureError, match="changed"):
        P.give_floor(store, sample, clock.advance(1), expected_next_id=head)  # a second press, same view
    assert load_state(store, sample).current.id == head


def test_withdraw_and_move_leave_the_countdown_alone(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")  # Türkiye speaking
    state = load_state(store, sample)
    current = state.current
    used_before = used_seconds(current.intervention, local("16:44:40"))
    civ, vct = state.waiting[0], state.waiting[1]
    clock.set(local("16:44:00"))
    P.move(store, sample, clock.now(), intervention_id=vct.id, delta=-1)
    assert waiting_keys(store, sample)[:2] == ["ST-VCT", "ST-CIV"]
    P.withdraw(store, sample, clock.now(), intervention_id=civ.id)
    after = load_state(store, sample)
    assert "ST-CIV" not in waiting_keys(store, sample)
    assert after.current.id == current.id
    assert used_seconds(after.current.intervention, local("16:44:40")) == used_before
    with pytest.raises(P.ProcedureError):
        P.move(store, sample, clock.now(), intervention_id=vct.id, delta=-1)  # already first


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


def test_add_and_remove_time(store, sample, clock):
    run_script(store, sample, clock, until="16:20:20")
    P.adjust_time(store, sample, clock.now(), delta_s=30)
    P.adjust_time(store, sample, clock.now(), delta_s=30)
    entry = P.adjust_time(store, sample, clock.now(), delta_s=-30)
    assert (entry.detail["old_limit_s"], entry.detail["new_limit_s"]) == (420, 390)


def test_rise_marks_waiting_speakers_not_reached(store, sample, clock):
    run_script(store, sample, clock)
    state = load_state(store, sample)
    assert state.meeting.state == MeetingState.ROSE and state.meeting.rose_at == local("18:00:00")
    with pytest.raises(P.ProcedureError):
        P.give_floor(store, sample, clock.now())


def test_resume_after_restart_is_exact(db_path, store, sample, clock):
    """Kill the process mid-intervention: a new store on the same file sees the same meeting."""
    run_script(store, sample, clock, until="16:50:05")  # Côte d'Ivoire paused at 100 s
    P.save_notes(store, load_state(store, sample).current.id, "Interpretation lost in EN and ES.", clock.now())
    store.dispose()  # the process dies; nothing else is flushed

    again = Store(db_path)
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


def test_not_connected_is_only_for_online_speakers(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")  # Türkiye (in person) has the floor
    with pytest.raises(P.ProcedureError, match="in person"):
        P.speaker_absent(store, sample, clock.now(), kind="not_connected")
    assert load_state(store, sample).current.participant.key == "ST-TUR"


def test_removing_time_below_zero_is_refused_not_logged(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    for _ in range(8):
        P.adjust_time(store, sample, clock.now(), delta_s=-30)  # 240 s → 0 s
    count = len(procedural_log(store, sample))
    with pytest.raises(P.ProcedureError, match="already 0 s"):
        P.adjust_time(store, sample, clock.now(), delta_s=-30)
    assert len(procedural_log(store, sample)) == count


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


def test_undo_never_takes_back_the_rapporteurs_notes(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")  # Türkiye speaking
    tur = load_state(store, sample).current.id
    P.end_intervention(store, sample, local("16:48:05"))
    P.save_notes(store, tur, "Typed after the end", local("16:48:10"))
    P.undo(store, sample, local("16:48:20"))  # the end is undone: Türkiye speaks again
    state = load_state(store, sample)
    assert state.current.id == tur and state.current.notes == "Typed after the end"


def test_a_point_of_order_must_be_ruled_on_first(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    P.raise_point_of_order(store, sample, local("16:44:00"), participant_key="ST-KOR", subject="s")
    for action, kwargs in (("end_intervention", {}), ("resume_countdown", {}), ("go_to_item", {"step": 1}),
                           ("rise", {}), ("speaker_absent", {})):
        with pytest.raises(P.ProcedureError, match="point of order"):
            P.ACTIONS[action](store, sample, local("16:44:10"), **kwargs)
    P.rule_on_point_of_order(store, sample, local("16:44:30"), ruling="r")
    assert load_state(store, sample).current.intervention.paused_since is None


def test_first_replies_before_second_ones_and_only_by_states(store, sample, clock):
    run_script(store, sample, clock, until="16:20:00")
    entries = [P.request_reply(store, sample, local("16:21:00"), participant_key=k) for k in ("ST-COL", "ST-COL", "ST-CIV")]
    assert all(e.accepted for e in entries)
    refused = P.request_reply(store, sample, local("16:21:30"), participant_key="NGO-M")
    assert not refused.accepted and refused.detail["reason"] == "not_entitled"
    replies = [e for e in load_state(store, sample).waiting if e.intervention.kind == "reply"]
    assert [(e.participant.key, e.intervention.reply_number) for e in replies] == [("ST-COL", 1), ("ST-CIV", 1), ("ST-COL", 2)]


def test_a_final_record_cannot_be_undone_nor_its_notes_changed(store, sample, clock):
    run_script(store, sample, clock)
    P.finalize(store, sample, local("18:10"))
    with pytest.raises(P.ProcedureError, match="final"):
        P.undo(store, sample, local("18:11"))
    tur = load_state(store, sample).items[0]  # any item: its notes are locked too
    with pytest.raises(P.ProcedureError, match="final"):
        P.save_item_notes(store, tur.id, "late edit")
    tur = next(e for e in load_state(store, sample).entries)
    with pytest.raises(P.ProcedureError, match="final"):
        P.save_notes(store, tur.id, "late edit", local("18:12"))


def test_corrections_use_the_day_the_meeting_was_held_and_refuse_no_change(store, sample):
    import pendulum
    from datetime import timedelta

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
