"""The speakers list: inscribe, withdraw, move, absent, not connected, close, end. (models/procedure/speakers_list.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state, procedural_log
from models.tables import InterventionStatus
from models.timing import used_seconds
from tests.replay import event, local, open_item_5, run_script


def waiting_keys(store, meeting_id):
    return [e.participant.key for e in load_state(store, meeting_id).waiting]




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


def test_not_connected_is_only_for_online_speakers(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")  # Türkiye (in person) has the floor
    with pytest.raises(P.ProcedureError, match="in person"):
        P.speaker_absent(store, sample, clock.now(), kind="not_connected")
    assert load_state(store, sample).current.participant.key == "ST-TUR"


def test_an_inscription_or_a_move_writes_one_row_and_places_are_counted_when_read(store, sample):
    state = open_item_5(store, sample)
    order = [e.id for e in state.waiting]
    norway = P.inscribe(store, sample, local("15:20:00"), participant_key="ST-NOR")
    place = norway.detail["place"]
    assert place == 1 + sum(1 for e in state.waiting if e.participant.category in ("group_statement", "state_party"))
    order.insert(place - 1, norway.intervention_id)
    assert [e.id for e in load_state(store, sample).waiting] == order
    moved = P.move(store, sample, local("15:20:10"), intervention_id=norway.intervention_id, delta=-3)
    assert (moved.detail["old_place"], moved.detail["new_place"]) == (place, place - 3)
    assert [table for table, _key, _values in moved.before["rows"]] == ["intervention"]  # one row written
    order.remove(norway.intervention_id)
    order.insert(place - 4, norway.intervention_id)
    assert [e.id for e in load_state(store, sample).waiting] == order
    down = P.move(store, sample, local("15:20:20"), intervention_id=order[0], delta=2)
    assert (down.detail["old_place"], down.detail["new_place"]) == (1, 3)
    order.insert(2, order.pop(0))
    assert [e.id for e in load_state(store, sample).waiting] == order
    with pytest.raises(P.ProcedureError, match="already first"):
        P.move(store, sample, local("15:20:30"), intervention_id=order[0], delta=-1)
    with pytest.raises(P.ProcedureError, match="already last"):
        P.move(store, sample, local("15:20:40"), intervention_id=order[-1], delta=1)


def test_many_moves_at_one_spot_never_lose_the_order(store, sample):
    """Sparse positions halve the gap at each move into it; when floats run
    out (after about fifty halvings) the queue is renumbered, in order."""
    state = open_item_5(store, sample)
    order = [e.id for e in state.waiting]
    for n in range(70):  # the third moves between the first and the second, again and again
        P.move(store, sample, local("15:20:00"), intervention_id=order[2], delta=-1)
        order[1], order[2] = order[2], order[1]
        assert [e.id for e in load_state(store, sample).waiting][:3] == order[:3], n
    assert [e.id for e in load_state(store, sample).waiting] == order


def test_a_withdrawal_is_recorded_as_such(store, sample):
    from models.state import item_entries, status_dict

    state = open_item_5(store, sample)
    gone = state.waiting[3]
    entry = P.withdraw(store, sample, local("15:20:00"), intervention_id=gone.id)
    assert entry.action == "withdrawn"
    after = next(e for e in item_entries(store, state.item.id) if e.id == gone.id)
    assert after.intervention.status == InterventionStatus.WITHDREW
    assert gone.id not in [w["intervention_id"] for w in status_dict(load_state(store, sample), local("15:20:01"))["waiting"]]


# --------------------------------------------------------------------------- one entry per participant per item


def test_a_participant_already_heard_is_refused_then_placed_after_those_not_yet_heard(store, tmp_path, clock):
    """Issue 9, case 4: the group spoke; its second request is refused (logged, naming
    it and the override); by the override it goes after every State not yet heard,
    and a State inscribed later still goes before it. Egypt speaking nationally is
    another participant: not a duplicate."""
    from tests.procedure.minimal_meeting import minimal_meeting

    mid = minimal_meeting(store, tmp_path, clock.now())
    P.call_to_order(store, mid, clock.now())
    P.go_to_item(store, mid, clock.advance(60))
    assert waiting_keys(store, mid) == ["GRP-AG", "ST-CIV", "ST-MEX", "NGO-A"]
    P.give_floor(store, mid, clock.advance(5))
    P.give_floor(store, mid, clock.advance(300))  # the group has spoken; Côte d'Ivoire has the floor
    refused = P.inscribe(store, mid, clock.advance(10), participant_key="GRP-AG")
    assert refused.accepted is False and refused.detail["reason"] == "duplicate"
    assert "Egypt (on behalf of Group of African States) refused: already spoke on item 2" in refused.summary
    assert waiting_keys(store, mid) == ["ST-MEX", "NGO-A"]
    assert P.inscribe(store, mid, clock.advance(5), participant_key="ST-EGY").accepted  # national capacity
    second = P.inscribe(store, mid, clock.advance(5), participant_key="GRP-AG", override=True)
    assert second.detail["second_entry"] is True and "override (second entry on this item)" in second.summary
    assert waiting_keys(store, mid) == ["ST-MEX", "ST-EGY", "NGO-A", "GRP-AG"]
    P.inscribe(store, mid, clock.advance(5), participant_key="ST-AUT")  # not yet heard: before the second entry
    assert waiting_keys(store, mid) == ["ST-MEX", "ST-EGY", "ST-AUT", "NGO-A", "GRP-AG"]
    # a waiting duplicate is refused too, and undo takes the override back exactly
    assert P.inscribe(store, mid, clock.advance(5), participant_key="ST-AUT").accepted is False
    P.undo(store, mid, clock.advance(5))
    P.undo(store, mid, clock.advance(5))
    assert waiting_keys(store, mid) == ["ST-MEX", "ST-EGY", "NGO-A"]


def test_extensions_given_at_a_call_are_reset_when_the_speaker_is_absent(store, tmp_path, clock):
    """Issue 9, case 5: +30 s twice, then absent: called again, the limit is 3:00 again."""
    from models.timing import limit_seconds
    from tests.procedure.minimal_meeting import minimal_meeting

    mid = minimal_meeting(store, tmp_path, clock.now())
    P.call_to_order(store, mid, clock.now())
    P.go_to_item(store, mid, clock.advance(60))
    P.give_floor(store, mid, clock.advance(5))
    P.give_floor(store, mid, clock.advance(300))  # Côte d'Ivoire called (3:00)
    P.adjust_time(store, mid, clock.advance(2), delta_s=30)
    P.adjust_time(store, mid, clock.advance(2), delta_s=30)
    absent = P.speaker_absent(store, mid, clock.advance(10))
    assert absent.detail["extension_reset_s"] == 60
    civ = next(e for e in load_state(store, mid).waiting if e.participant.key == "ST-CIV")
    assert civ.limit_s == 180
    P.undo(store, mid, clock.advance(1))  # undo puts the call back with its 4:00 exactly
    assert limit_seconds(load_state(store, mid).current.intervention) == 240
    P.speaker_absent(store, mid, clock.advance(1))
    P.give_floor(store, mid, clock.advance(5))  # Mexico
    called = P.give_floor(store, mid, clock.advance(200))  # Côte d'Ivoire again
    assert called.detail["participant"] == "ST-CIV" and called.detail["allotted_s"] == 180
    assert limit_seconds(load_state(store, mid).current.intervention) == 180
