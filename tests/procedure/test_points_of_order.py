"""Points of order: heard first, ruled on, the speaker resumes. (models/procedure/points_of_order.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state
from tests.replay import local, open_item_5, run_script


def test_a_point_of_order_must_be_ruled_on_first(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    P.raise_point_of_order(store, sample, local("16:44:00"), participant_key="ST-KOR", subject="s")
    for action, kwargs in (("end_intervention", {}), ("resume_countdown", {}), ("go_to_item", {"step": 1}),
                           ("rise", {}), ("speaker_absent", {})):
        with pytest.raises(P.ProcedureError, match="point of order"):
            P.ACTIONS[action](store, sample, local("16:44:10"), **kwargs)
    P.rule_on_point_of_order(store, sample, local("16:44:30"), ruling="r")
    assert load_state(store, sample).current.intervention.paused_since is None


def test_three_points_of_order_are_heard_in_the_order_raised(store, sample):
    open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    for n, key in enumerate(("ST-KOR", "ST-IRN", "ST-MAR")):
        P.raise_point_of_order(store, sample, local(f"15:21:0{n}"), participant_key=key, subject=key)
    heard = []
    for n in range(3):
        point = load_state(store, sample).active_point
        heard.append(point.subject)
        P.rule_on_point_of_order(store, sample, local(f"15:22:0{n}"), ruling="noted")
    assert heard == ["ST-KOR", "ST-IRN", "ST-MAR"]
    assert load_state(store, sample).current.intervention.paused_since is None  # the speaker resumes
