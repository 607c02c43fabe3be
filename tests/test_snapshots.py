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


# --------------------------------------------------------------------------- without colour (issue 9, case 15)
# Under NO_COLOR every state must be carried by words or symbols: the
# countdown's amber and red phases, and which export formats are ticked.


@pytest.fixture
def no_color(monkeypatch):
    """The terminal asks for no colour (https://no-color.org); Textual reads it when the App is built."""
    monkeypatch.setenv("NO_COLOR", "1")


def _turkiye_at(store, sample, clock, hms: str) -> FloorApp:
    run_script(store, sample, clock, until="16:45:10")
    clock.set(local(hms))
    return FloorApp(store, sample, clock=clock, actor="chair")


def test_no_color_warning_120x36(snap_compare, no_color, store, sample, clock):
    """16:47:25: Türkiye has 0:15 left — "under 20 s left" beside the countdown, not only amber."""
    assert snap_compare(_turkiye_at(store, sample, clock, "16:47:25"), terminal_size=(120, 36))


def test_no_color_overrun_120x36(snap_compare, no_color, mid_meeting):
    """16:48:00: Türkiye 20 s over — "OVER TIME" and bold digits, never dimmer ones."""
    assert snap_compare(mid_meeting, terminal_size=(120, 36))


def test_no_color_export_dialog_100x30(snap_compare, no_color, mid_meeting, monkeypatch):
    """The export dialog with one default format unticked: "[x]" and "[ ]" tell them apart.
    (The dialog offers the working folder: a fixed one, so the picture is the same on every machine.)"""
    monkeypatch.chdir("/")

    async def untick_markdown(pilot):
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("space")  # Markdown, the first row, highlighted
        await pilot.pause()

    assert snap_compare(mid_meeting, terminal_size=(100, 30), run_before=untick_markdown)


@pytest.fixture
def point_of_order(store, sample, clock):
    """Côte d'Ivoire raises a point of order while Türkiye speaks (16:46:00): PAUSED, used, "g: ruling"."""
    run_script(store, sample, clock, until="16:45:10")
    clock.set(local("16:46:00"))
    P.raise_point_of_order(store, sample, clock.now(), participant_key="ST-CIV",
                           subject="The speaker is not addressing the item under discussion")
    clock.set(local("16:48:00"))
    return FloorApp(store, sample, clock=clock, actor="chair")


@pytest.fixture
def paused(store, sample, clock):
    """Türkiye's countdown paused at 16:46:00, seen at 16:48:00."""
    run_script(store, sample, clock, until="16:45:10")
    clock.set(local("16:46:00"))
    P.pause(store, sample, clock.now())
    clock.set(local("16:48:00"))
    return FloorApp(store, sample, clock=clock, actor="chair")


def test_point_of_order_80x24(snap_compare, point_of_order):
    assert snap_compare(point_of_order, terminal_size=(80, 24))


def test_point_of_order_120x36(snap_compare, point_of_order):
    assert snap_compare(point_of_order, terminal_size=(120, 36))


def test_paused_speaker_80x24(snap_compare, paused):
    assert snap_compare(paused, terminal_size=(80, 24))


def test_paused_speaker_120x36(snap_compare, paused):
    assert snap_compare(paused, terminal_size=(120, 36))


def test_roster_screen_120x36(snap_compare, store, sample, clock):
    """Attendance taken on the roster (R): some present in person, some online, the rest not yet."""
    for hms, key, mode in (("14:52:00", "ST-THA", None), ("14:55:00", "GRP-EU", None), ("14:57:00", "PAN-2", None),
                           ("15:01:00", "SEC-RM", "online")):
        P.mark_present(store, sample, local(hms), participant_key=key, **({"mode": mode} if mode else {}))
    clock.set(local("15:02:00"))
    assert snap_compare(FloorApp(store, sample, clock=clock, actor="chair"), press=["R"], terminal_size=(120, 36))
