"""The floor: given, ended, paused, time added or taken. (models/procedure/floor.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state, procedural_log
from tests.replay import local, open_item_5, run_script


def test_repeated_next_never_skips_anyone(store, sample, clock):
    run_script(store, sample, clock, until="16:20:00")
    state = load_state(store, sample)
    head = state.waiting[0].id
    P.give_floor(store, sample, clock.advance(20), expected_next_id=head)
    with pytest.raises(P.ProcedureError, match="changed"):
        P.give_floor(store, sample, clock.advance(1), expected_next_id=head)  # a second press, same view
    assert load_state(store, sample).current.id == head


def test_add_and_remove_time(store, sample, clock):
    run_script(store, sample, clock, until="16:20:20")
    P.adjust_time(store, sample, clock.now(), delta_s=30)
    P.adjust_time(store, sample, clock.now(), delta_s=30)
    entry = P.adjust_time(store, sample, clock.now(), delta_s=-30)
    assert (entry.detail["old_limit_s"], entry.detail["new_limit_s"]) == (420, 390)


def test_removing_time_below_zero_is_refused_not_logged(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    for _ in range(8):
        P.adjust_time(store, sample, clock.now(), delta_s=-30)  # 240 s → 0 s
    count = len(procedural_log(store, sample))
    with pytest.raises(P.ProcedureError, match="already 0 s"):
        P.adjust_time(store, sample, clock.now(), delta_s=-30)
    assert len(procedural_log(store, sample)) == count



def test_a_limit_cut_to_zero_is_zero(store, sample):
    from models.timing import limit_seconds, remaining_seconds

    open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))  # the European Union, 360 s
    for n in range(12):
        P.adjust_time(store, sample, local("15:20:10"), delta_s=-30)
    iv = load_state(store, sample).current.intervention
    assert limit_seconds(iv) == 0
    assert remaining_seconds(iv, local("15:20:30")) == -30
    with pytest.raises(P.ProcedureError, match="already 0 s"):
        P.adjust_time(store, sample, local("15:20:40"), delta_s=-30)


def test_a_second_pause_is_refused_and_the_first_one_keeps_counting(store, sample):
    from models.timing import used_seconds

    open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    P.pause(store, sample, local("15:21:00"))
    with pytest.raises(P.ProcedureError, match="already paused"):
        P.pause(store, sample, local("15:22:00"))
    P.resume_countdown(store, sample, local("15:23:00"))
    assert round(used_seconds(load_state(store, sample).current.intervention, local("15:24:00"))) == 120
