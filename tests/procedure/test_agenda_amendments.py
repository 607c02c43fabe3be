"""Agenda amendments: add, amend, reorder items. (models/procedure/agenda_amendments.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state
from tests.replay import local, open_item_5


def test_items_to_come_can_be_reordered_but_not_those_taken_up(store, sample):
    state = open_item_5(store, sample)
    item4 = next(it for it in state.items if it.number == "4")
    with pytest.raises(P.ProcedureError, match="already been taken up"):
        P.move_item(store, sample, local("15:20:00"), item_id=item4.id, delta=1)
    added = P.add_item(store, sample, local("15:21:00"), number="5bis", title="Follow-up", allotted_s=600)
    assert [it.number for it in load_state(store, sample).items] == ["1", "2", "3", "4", "5", "5bis", "6"]
    P.move_item(store, sample, local("15:22:00"), item_id=added.item_id, delta=1)
    assert [it.number for it in load_state(store, sample).items] == ["1", "2", "3", "4", "5", "6", "5bis"]
    with pytest.raises(P.ProcedureError, match="cannot move further"):
        P.move_item(store, sample, local("15:23:00"), item_id=added.item_id, delta=1)


def test_an_item_number_is_used_once_and_amendments_are_logged(store, sample):
    state = open_item_5(store, sample)
    with pytest.raises(P.ProcedureError, match="already an item 6"):
        P.add_item(store, sample, local("15:20:00"), number="6", title="Another", allotted_s=600)
    six = next(it for it in state.items if it.number == "6")
    entry = P.amend_item(store, sample, local("15:21:00"), item_id=six.id, title="Closing", allotted_s=900)
    assert entry.detail["changes"] == {"title": [six.title, "Closing"], "allotted_s": [six.allotted_s, 900]}
    with pytest.raises(P.ProcedureError, match="positive"):
        P.amend_item(store, sample, local("15:22:00"), item_id=six.id, allotted_s=0)
