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
