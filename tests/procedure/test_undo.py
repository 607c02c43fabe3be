"""Undo: by changed rows, newest first, never the notes, never another meeting. (models/procedure/undo.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state, procedural_log
from models.tables import MeetingState
from tests.replay import local, open_item_5, run_script


def test_undo_never_takes_back_the_rapporteurs_notes(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")  # Türkiye speaking
    tur = load_state(store, sample).current.id
    P.end_intervention(store, sample, local("16:48:05"))
    P.save_notes(store, tur, "Typed after the end", local("16:48:10"))
    P.undo(store, sample, local("16:48:20"))  # the end is undone: Türkiye speaks again
    state = load_state(store, sample)
    assert state.current.id == tur and state.current.notes == "Typed after the end"


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



def test_two_undos_go_back_two_steps(store, sample):
    open_item_5(store, sample)
    before = [e.id for e in load_state(store, sample).waiting]
    norway = P.inscribe(store, sample, local("15:20:00"), participant_key="ST-NOR")
    P.move(store, sample, local("15:20:10"), intervention_id=norway.intervention_id, delta=-3)
    P.undo(store, sample, local("15:20:20"))
    assert [e.id for e in load_state(store, sample).waiting].index(norway.intervention_id) == norway.detail["place"] - 1
    P.undo(store, sample, local("15:20:30"))
    assert [e.id for e in load_state(store, sample).waiting] == before
    log = procedural_log(store, sample)
    assert [e.action for e in log[-4:]] == ["inscribed", "moved", "undo", "undo"]
    assert log[-4].undone_by == log[-1].id and log[-3].undone_by == log[-2].id


def test_undo_passes_over_a_refused_request(store, sample):
    open_item_5(store, sample)
    norway = P.inscribe(store, sample, local("15:20:00"), participant_key="ST-NOR")
    refused = P.inscribe(store, sample, local("15:20:10"), participant_key="ST-NOR")
    assert not refused.accepted
    undo = P.undo(store, sample, local("15:20:20"))
    assert undo.detail["undone"] == norway.id
    assert norway.intervention_id not in [e.id for e in load_state(store, sample).waiting]
    assert next(e for e in procedural_log(store, sample) if e.id == refused.id).undone_by is None


def test_undo_never_reaches_another_meetings_action(store, sample, clock):
    from models.agenda import import_agenda, load_agenda
    from tests.replay import MINIMAL_AGENDA

    other = load_agenda(MINIMAL_AGENDA)
    with store.transaction() as s:
        import_agenda(s, other, clock.now())
    other_id = other.meeting["id"]
    P.call_to_order(store, sample, local("15:07:00"))
    P.call_to_order(store, other_id, local("15:08:00"))
    P.undo(store, sample, local("15:09:00"))
    assert load_state(store, sample).meeting.state == MeetingState.SCHEDULED
    assert load_state(store, other_id).meeting.state == MeetingState.IN_SESSION
    with pytest.raises(P.ProcedureError, match="nothing to undo"):
        P.undo(store, sample, local("15:09:10"))


def test_undo_keeps_the_item_notes(store, sample):
    from models.state import read_note

    state = open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    P.save_item_notes(store, state.item.id, "Main points so far", local("15:21:00"))
    P.undo(store, sample, local("15:22:00"))
    assert read_note(store, state.item.id).text == "Main points so far"


def test_undo_refuses_when_the_action_confirmed_is_no_longer_the_last(store, sample):
    open_item_5(store, sample)
    first = P.give_floor(store, sample, local("15:20:00"))
    second = P.give_floor(store, sample, local("15:24:00"))
    P.undo(store, sample, local("15:25:00"), expected_id=second.id)
    with pytest.raises(P.ProcedureError, match="changed meanwhile"):
        P.undo(store, sample, local("15:25:01"), expected_id=second.id)  # a second press, confirmed on a stale label
    assert next(e for e in procedural_log(store, sample) if e.id == first.id).undone_by is None
