"""SVG snapshots of the chair's screen at 80×24 and 120×36, on a fixed clock.

Regenerate after an intended change of the screen with
``pytest tests/test_snapshots.py --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import load_state
from tests.replay import local, run_script
from tui.app import FloorApp


@pytest.fixture
def mid_meeting(store, sample, clock):
    """Türkiye overrunning (16:48:00, 20 s past its 240 s), with notes, Norway inscribed late."""
    run_script(store, sample, clock, until="16:45:10")
    current = load_state(store, sample).current
    P.save_notes(store, current.id, "Stressed cooperation with NGOs on victim referral.", clock.now())
    clock.set(local("16:48:00"))
    return FloorApp(store, sample, clock=clock, actor="chair")


def test_chair_screen_80x24(snap_compare, mid_meeting):
    assert snap_compare(mid_meeting, terminal_size=(80, 24))


def test_chair_screen_120x36(snap_compare, mid_meeting):
    assert snap_compare(mid_meeting, terminal_size=(120, 36))


def test_before_call_to_order_120x36(snap_compare, store, sample, clock):
    assert snap_compare(FloorApp(store, sample, clock=clock, actor="chair"), terminal_size=(120, 36))
