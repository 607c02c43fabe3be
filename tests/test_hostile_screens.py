"""Every screen with hostile data (tests/hostile.py), driven as a user drives
it: the screen stays up, the names and notes are on it as typed (control
characters as their symbols), and no control character reaches the terminal.
"""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input, OptionList

from tests import hostile as H
from tui.app import FloorApp
from tui.screens.chair import ChairScreen

SIZE = (120, 36)
RAW = re.compile("[\x00-\x1f\x7f-\x9f]")


def painted(app) -> str:
    """The text the terminal would show for the top screen, after asserting
    that no segment carries a control character (ESC, BEL…) to the terminal."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            assert not RAW.search(segment.text), repr(segment.text)
        lines.append(strip.text)
    return "\n".join(lines)


@pytest.fixture
def hostile(store):
    """The hostile meeting, "[/bold]" holding the floor; (meeting id, clock)."""
    return H.hostile_meeting(store)


async def settle(pilot, *keys: str) -> None:
    """Press ``keys`` and let every action they started finish."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_regression_chairs_screen_with_markup_and_escape_names_holding_the_floor(store, hostile):
    """Issue 8: a delegation "[/bold]" holding the floor crashed the chair's
    screen (so the meeting could not be resumed); a name with ESC[2J cleared
    the chair's terminal."""
    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChairScreen)
        screen = painted(app)
        for literal in ("│ [/bold] ", "│ Ms ␛[2JClear ", "on behalf of [link=https://evil.example", "[b]Meeting␛[2J {{ 7*7 }}",
                        "Item 2[/b]", "Views ␛]0;pwned␇[/i]", "Notes — [/bold]", "1   [/bold] — for",
                        "Item 2[/b] notes", "␛]8;;https://evil.example␇link␛]8;;␇"):
            assert literal in screen, literal
        notes = app.screen.query_one("#intervention-notes")
        assert notes.text.startswith("Pasted from a PDF:␂ ␛[2J [/bold]\n") and "\x02" not in notes.text
        await settle(pilot, "q")
    assert app.return_code == 0


async def test_regression_inscribe_dialog_finds_and_shows_the_hostile_name(store, hostile):
    """Issue 8: the inscribe dialog built its options from names as markup and crashed."""
    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, "i", *"/bold")
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        screen = painted(app)
        assert "[/bold] — for [link=https://evil.example]click[/link] ␛]8;;https://evil.example␇link" in screen
        await settle(pilot, "enter")  # already on the list: refused, and told by name
        assert isinstance(app.screen, ChairScreen)
        screen = painted(app)
        assert "Request from [/bold] (on behalf of" in screen and "refused: already" in screen
        await settle(pilot, "i")
        await settle(pilot, *"cmd")  # ST-MEX: " =1+1", spoken for "+cmd|' /C calc'!A0"
        assert "=1+1 — for +cmd|' /C calc'!A0  [ST-MEX]" in painted(app)


async def test_point_of_order_and_ruling_dialogs_show_the_subject_as_text(store, hostile):
    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "p", *"mex", "enter")
        app.screen.query_one("#subject", Input).value = "[/i] \x1b[2J"  # pasted
        await settle(pilot, "enter")
        assert isinstance(app.screen, ChairScreen)
        assert "POINT OF ORDER  g: ruling" in painted(app) and "=1+1: [/i] ␛[2J" in painted(app)
        await settle(pilot, "g")
        assert "Ruling on the point of order of  =1+1: [/i] ␛[2J" in painted(app)
        await settle(pilot, *"[/u]", "enter")
        assert isinstance(app.screen, ChairScreen)
        from sqlmodel import select

        from models.tables import PointOfOrder

        with store.read() as s:
            (point,) = [p for p in s.exec(select(PointOfOrder)) if p.subject.startswith("[/i]")]
        assert (point.subject, point.ruling) == ("[/i] ␛[2J", "[/u]")  # the pasted ESC was kept as its symbol


DIALOGS = [  # key that opens it, what it must show, key that closes it
    ("v", ["Procedural log", "[/bold]"], "escape"),
    ("S", ["Item 2[/b]: floor time", "Whole meeting"], "escape"),
    ("b", ["2[/b]", "Views ␛]0;pwned␇[/i] # Heading **bold**"], "escape"),
    ("question_mark", ["the chair's keys"], "escape"),
    ("right_square_bracket", ["Next item?", "[/bold] has the floor"], "n"),
    ("x", ["Export", "Minutes — Word"], "escape"),
]


async def test_every_dialog_shows_hostile_data_as_text(store, hostile):
    """The log, statistics, agenda, help, confirmation and export dialogs over
    the hostile meeting: each opens, shows the data as text, and closes."""
    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        for key, expected, close in DIALOGS:
            await settle(pilot, key)
            assert not isinstance(app.screen, ChairScreen), key
            screen = painted(app)
            for literal in expected:
                assert literal in screen, literal
            await settle(pilot, close)
            assert isinstance(app.screen, ChairScreen), key


async def test_regression_export_from_the_app_with_u0002_in_notes_keeps_the_chairs_screen(store, hostile, tmp_path,
                                                                                        monkeypatch):
    """Issue 8: ``x`` in the app closed the chair's screen mid-meeting when a
    note held U+0002 (the Word export failed)."""
    monkeypatch.chdir(tmp_path)
    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, "x")
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
        assert "Written: MINIMAL-01-minutes.md, MINIMAL-01-minutes.html," in painted(app)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "MINIMAL-01-minutes.docx")).paragraphs)
    assert "Pasted from a PDF:␂ ␛[2J [/bold]" in text


async def test_pasted_control_characters_go_into_the_notes_as_symbols(store, hostile):
    from textual import events

    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "t")
        notes = app.screen.query_one("#intervention-notes")
        before = notes.text
        app.post_message(events.Paste("\r\nfrom\x02 a PDF\x1b[2J\r\nend"))  # as the terminal sends a paste
        await pilot.pause()
        assert notes.text == before + "\nfrom␂ a PDF␛[2J\nend"  # once, as symbols
        await settle(pilot, "escape")
        await notes.flush()
    from models.state import load_state

    assert load_state(store, meeting_id).current.notes.endswith("\nfrom␂ a PDF␛[2J\nend")


async def test_rapporteurs_desk_shows_hostile_names_and_notes_as_text(store, hostile):
    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="rapporteur", mode="rapporteur")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        screen = painted(app)
        for literal in ("▶ [/bold]", "Ms ␛[2JClear", "Notes — [/bold] (item 2[/b]"):
            assert literal in screen, literal
        editor = app.screen.query_one("#editor")
        assert editor.text.startswith("Pasted from a PDF:␂ ␛[2J [/bold]\n") and "\x1b" not in editor.text


async def test_notifications_are_text(store, hostile):
    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("[/bold] \x1b[2J for [link=https://evil.example]x[/link]")
        await pilot.pause()
        assert "[/bold] ␛[2J for [link=https://evil.example]x[/link]" in painted(app)


def test_chair_screen_with_a_hostile_participant_holding_the_floor_120x36(snap_compare, store, hostile):
    meeting_id, clock = hostile
    assert snap_compare(FloorApp(store, meeting_id, clock=clock, actor="chair"), terminal_size=SIZE)


async def test_roster_screen_shows_hostile_names_as_typed_and_marks_them(store, hostile):
    """The roster (R): "[/bold]" and a name with ESC[2J are text on it, and can be marked present."""
    from tui.screens.roster import RosterScreen

    meeting_id, clock = hostile
    app = FloorApp(store, meeting_id, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "R")
        assert isinstance(app.screen, RosterScreen)
        screen = painted(app)
        assert "[/bold]" in screen and "␛[2J" in screen
        await settle(pilot, "space")
        assert "✓" in painted(app)
