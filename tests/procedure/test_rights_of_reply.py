"""Rights of reply: their own queue, first replies first, only the entitled. (models/procedure/rights_of_reply.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state, procedural_log
from tests.replay import local, open_item_5, run_script


def test_first_replies_before_second_ones_and_only_by_states(store, sample, clock):
    run_script(store, sample, clock, until="16:20:00")
    entries = [P.request_reply(store, sample, local("16:21:00"), participant_key=k) for k in ("ST-COL", "ST-COL", "ST-CIV")]
    assert all(e.accepted for e in entries)
    refused = P.request_reply(store, sample, local("16:21:30"), participant_key="NGO-M")
    assert not refused.accepted and refused.detail["reason"] == "not_entitled"
    replies = [e for e in load_state(store, sample).waiting if e.intervention.kind == "reply"]
    assert [(e.participant.key, e.intervention.reply_number) for e in replies] == [("ST-COL", 1), ("ST-CIV", 1), ("ST-COL", 2)]


def test_replies_wait_until_the_list_is_exhausted(store, sample):
    state = open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    reply = P.request_reply(store, sample, local("15:21:00"), participant_key="ST-TUR")
    P.give_floor(store, sample, local("15:22:00"))
    assert load_state(store, sample).current.id == state.waiting[1].id  # the list first
    P.end_list(store, sample, local("15:23:00"))
    P.give_floor(store, sample, local("15:23:10"))
    assert load_state(store, sample).current.id == reply.intervention_id  # then the reply


# --------------------------------------------------------------------------- heard at the end of the item or meeting


def _item_2_with_a_reply(store, tmp_path, clock, heard_at=None):
    from tests.procedure.minimal_meeting import minimal_meeting

    mid = minimal_meeting(store, tmp_path, clock.now(), heard_at=heard_at)
    P.call_to_order(store, mid, clock.now())
    P.go_to_item(store, mid, clock.advance(60))
    P.request_reply(store, mid, clock.advance(5), participant_key="ST-MEX")
    return mid


def test_leaving_an_item_with_a_reply_waiting_asks_first(store, tmp_path, clock):
    """Issue 9, case 7: a reply queued on the item is not dropped silently when the
    chair goes on: refused (nothing written) until confirmed, and the log says so."""
    from models.tables import InterventionStatus

    mid = _item_2_with_a_reply(store, tmp_path, clock)
    rows = len(procedural_log(store, mid))
    with pytest.raises(P.ProcedureError, match=r"1 right\(s\) of reply not yet heard \(Mexico\)"):
        P.go_to_item(store, mid, clock.advance(5))
    assert len(procedural_log(store, mid)) == rows and load_state(store, mid).item.number == "2"
    entry = P.go_to_item(store, mid, clock.advance(5), confirmed=True)
    assert entry.detail["replies_not_heard"] == ["ST-MEX"] and load_state(store, mid).item.number == "3"
    P.request_reply(store, mid, clock.advance(5), participant_key="ST-CIV")
    with pytest.raises(P.ProcedureError, match="Côte d'Ivoire"):  # the rise asks too when replies wait on the item
        P.rise(store, mid, clock.advance(5))
    rose = P.rise(store, mid, clock.advance(5), confirmed=True)
    assert rose.detail["replies_not_heard"] == ["ST-CIV"]
    state = load_state(store, mid)
    assert all(e.status == InterventionStatus.NOT_REACHED for e in state.entries if e.kind == "reply")


def test_replies_held_to_the_end_of_the_meeting_are_heard_after_the_last_items_list(store, tmp_path, clock):
    """``right_of_reply.heard_at: meeting_end``: a reply asked for on item 2 is
    listed with every item, the item changes without asking, and the floor goes
    to it after item 3's list, recorded under item 3; undo puts it back on item 2."""
    mid = _item_2_with_a_reply(store, tmp_path, clock, heard_at="meeting_end")
    for _ in range(4):  # item 2's list: the group, two States, the NGO
        P.give_floor(store, mid, clock.advance(60))
    P.end_intervention(store, mid, clock.advance(60))
    with pytest.raises(P.ProcedureError, match="heard at the end of the meeting"):
        P.give_floor(store, mid, clock.advance(5))
    P.go_to_item(store, mid, clock.advance(5))  # no confirmation needed: the reply is held
    state = load_state(store, mid)
    assert state.item.number == "3" and [e.participant.key for e in state.waiting] == ["CHAIR", "ST-MEX"]
    P.give_floor(store, mid, clock.advance(5))  # the chair's closing words
    with pytest.raises(P.ProcedureError, match="not yet heard \\(Mexico\\)"):
        P.rise(store, mid, clock.advance(5))
    heard = P.give_floor(store, mid, clock.advance(60))
    assert heard.detail["participant"] == "ST-MEX" and heard.detail["requested_on_item"] == "2"
    state = load_state(store, mid)
    assert state.current.participant.key == "ST-MEX" and state.current.intervention.item_id == state.item.id
    P.undo(store, mid, clock.advance(1))
    state = load_state(store, mid)
    assert state.current.participant.key == "CHAIR"
    assert [e.participant.key for e in state.waiting] == ["ST-MEX"] and state.waiting[0].intervention.item_id != state.item.id
