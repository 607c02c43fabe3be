"""Time limits: the limit an entry gets; the chair's mid-item changes. (models/procedure/time_limits.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state
from tests.replay import local, open_item_5


def test_a_new_limit_for_one_category_applies_to_later_inscriptions(store, sample):
    open_item_5(store, sample)
    P.set_limits(store, sample, local("15:20:00"), category="state_party", value_s=200)
    state = load_state(store, sample)
    assert {e.intervention.allotted_s for e in state.waiting if e.participant.category == "state_party"} == {200}
    assert {e.intervention.allotted_s for e in state.waiting if e.participant.category == "ngo"} == {150}
    entry = P.inscribe(store, sample, local("15:21:00"), participant_key="ST-NOR")
    norway = next(e for e in load_state(store, sample).waiting if e.id == entry.intervention_id)
    assert norway.intervention.allotted_s == 200


def test_a_cap_applies_to_later_inscriptions_and_lower_limits_stay(store, sample):
    open_item_5(store, sample)
    P.set_limits(store, sample, local("15:20:00"), cap_s=160)
    entry = P.inscribe(store, sample, local("15:21:00"), participant_key="ST-NOR")
    state = load_state(store, sample)
    limits = {e.id: e.intervention.allotted_s for e in state.waiting}
    assert limits[entry.intervention_id] == 160
    assert {limits[e.id] for e in state.waiting if e.participant.category == "ngo"} == {150}


def test_a_limit_below_one_second_is_refused(store, sample):
    open_item_5(store, sample)
    with pytest.raises(P.ProcedureError, match="at least 1 second"):
        P.set_limits(store, sample, local("15:20:00"), cap_s=0)


# --------------------------------------------------------------------------- contingents (issue 9, case 10)


def _left(store, sample, now):
    from models.state import forecast

    return forecast(load_state(store, sample), now).contingents_left_s


def test_chair_sets_adjusts_and_resets_a_contingent(store, sample, clock):
    from tests.replay import run_script

    run_script(store, sample, clock, until="16:45:10")
    cats = load_state(store, sample).meeting.settings["categories"]
    ngo = next(c for c in cats if c != "state_party")
    P.set_contingent(store, sample, local("16:45:20"), ngo, value_s=600)
    P.set_contingent(store, sample, local("16:45:30"), ngo, delta_s=-120)
    assert load_state(store, sample).item.contingents_s[ngo] == 480
    with pytest.raises(P.ProcedureError, match="below 0"):
        P.set_contingent(store, sample, local("16:45:40"), ngo, delta_s=-500)
    P.set_contingent(store, sample, local("16:45:50"), ngo, reset=True)
    assert ngo not in load_state(store, sample).item.contingents_s
    P.undo(store, sample, local("16:46:00"))  # the reset is undone
    assert load_state(store, sample).item.contingents_s[ngo] == 480


def test_overrun_is_shared_out_to_every_contingent(store, sample, clock):
    """OpenSlides' rule: the excess is added to every contingent; the overrun one returns to zero."""
    from tests.replay import run_script

    run_script(store, sample, clock, until="16:45:10")
    cats = load_state(store, sample).meeting.settings["categories"]
    ngo = next(c for c in cats if c != "state_party")
    P.set_contingent(store, sample, local("16:45:20"), "state_party", value_s=60)
    P.set_contingent(store, sample, local("16:45:20"), ngo, value_s=300)
    now = local("16:46:00")
    before = _left(store, sample, now)
    assert before["state_party"] < 0 and before[ngo] == 300
    excess = -before["state_party"]
    entry = P.share_overrun(store, sample, now, "state_party")
    assert entry.detail["excess_s"] == excess
    after = _left(store, sample, now)
    assert after == {"state_party": 0, ngo: 300 + excess}
    with pytest.raises(P.ProcedureError, match="not overrun"):
        P.share_overrun(store, sample, now, "state_party")
