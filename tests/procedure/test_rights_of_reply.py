"""Rights of reply: their own queue, first replies first, only the entitled. (models/procedure/rights_of_reply.py)"""

from __future__ import annotations

from models import procedure as P
from models.state import load_state
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
