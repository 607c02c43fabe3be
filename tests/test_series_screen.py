"""The Series screen (issue 13): reached by h from the chair's screen, / searches
the notes and chair's summaries of the series, Enter opens what was found, Esc
goes back; names and notes shown as typed; `floor series --screen`.

The series is the three meetings of tests/test_series_search.py, with a
passage of a chair's summary stored for the first (as ``floor finalize`` stores it).
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from models import procedure
from models.clock import FakeClock
from models.roster import fold
from models.tables import SummaryPassage
from tests.test_hostile_screens import painted, settle
from tests.test_series_search import NOW, _intervention, build_series
from tui.app import FloorApp
from tui.screens.chair import ChairScreen
from tui.screens.help import HelpScreen
from tui.screens.series import FoundScreen, SeriesScreen

SIZE = (110, 30)
PASSAGE = "Identificación de víctimas: victim identification at the borders first."
HOSTILE = "[bold red]x[/] \x1b[2J cleared? \x1b]0;pwned\x07 [link=https://evil.example]identification[/link]"


@pytest.fixture
def series(store):
    """The three meetings, a summary passage of the first, and a hostile note on the attributed second."""
    build_series(store)
    with store.transaction() as s:
        s.add(SummaryPassage(meeting_id="CD-FIREARMS-01", position=1, heading="Recommendations",
                             text=PASSAGE, search_text=fold(PASSAGE)))
    return store


def _chair(store, meeting_id: str = "CD-FIREARMS-03") -> FloorApp:
    return FloorApp(store, meeting_id, clock=FakeClock(NOW), actor="chair")


def _hits(app) -> list[list[str]]:
    table = app.screen.query_one("#series-hits", DataTable)
    return [[str(getattr(cell, "plain", cell)) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_h_slash_a_word_without_its_accent_enter_opens_the_note_and_esc_goes_back(series):
    app = _chair(series)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "h")
        assert isinstance(app.screen, SeriesScreen)
        screen = painted(app)
        assert "CD-FIREARMS — Constructive dialogues" in screen and "CD-FIREARMS-02" in screen
        await settle(pilot, "slash")
        assert app.screen.query_one("#series-query", Input).has_focus
        await settle(pilot, *"identificacion", "enter")
        hits = _hits(app)
        assert ["CD-FIREARMS-01", "2", "2025-06-02", ""] == hits[[h[0:2] for h in hits].index(["CD-FIREARMS-01", "2"])][:4]
        summary = next(h for h in hits if h[1] == "summary")  # the chair's summary, marked as such
        assert summary[0] == "CD-FIREARMS-01" and summary[3] == "chair's summary"
        assert "1 found" not in painted(app) and "found for 'identificacion' in series CD-FIREARMS" in painted(app)

        table = app.screen.query_one("#series-hits", DataTable)
        table.move_cursor(row=[h[1] for h in hits].index("2"), animate=False)
        await settle(pilot, "enter")
        assert isinstance(app.screen, FoundScreen)
        shown = painted(app)
        assert "Victim identificación must come first. #recommendation" in shown
        assert "CD-FIREARMS-01 — " in shown and "Item 2: " in shown
        assert "Non-attributed record: the speaker is not named." in shown and "Civil Society" not in shown

        await settle(pilot, "escape")
        assert isinstance(app.screen, SeriesScreen)
        await settle(pilot, "escape")  # out of the search
        assert not app.screen.has_class("-searching")
        await settle(pilot, "escape")  # back to the chair
        assert isinstance(app.screen, ChairScreen)


async def test_an_attributed_hit_names_the_delegation_and_hostile_text_shows_as_typed(series):
    procedure.save_notes(series, _intervention(series, "CD-FIREARMS-02", "NGO-A"), HOSTILE, NOW)
    app = FloorApp(series, "CD-FIREARMS-02", clock=FakeClock(NOW), mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot, "f4")  # the desk's key (a letter would be typed into a note)
        await settle(pilot, "slash", *"cleared", "enter")
        hits = _hits(app)
        assert len(hits) == 1 and hits[0][3] == "Example Civil Society Network A"
        assert "[bold red]x[/] ␛[2J cleared?" in painted(app)
        await settle(pilot, "enter")
        assert isinstance(app.screen, FoundScreen)
        shown = painted(app)  # asserts that no control character reaches the terminal
        assert "[bold red]x[/] ␛[2J cleared? ␛]0;pwned␇ [link=https://evil.example]identification[/link]" in shown
        assert "Example Civil Society Network A" in shown


async def test_a_search_with_nothing_to_find_says_so_and_the_screen_stays(series):
    app = _chair(series)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "h", "slash", "?", "enter")
        assert isinstance(app.screen, SeriesScreen)
        assert _hits(app) == []
        await settle(pilot, "backspace", *"stockpile", "enter")
        assert "Nothing found for 'stockpile' in series CD-FIREARMS" in painted(app)


def test_series_screen_110x30(snap_compare, series):
    async def search(pilot):
        await pilot.press("slash", *"identification", "enter")
        await pilot.pause()

    app = FloorApp(series, "", clock=FakeClock(NOW), mode="series", actor="display", series_id="CD-FIREARMS")
    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_floor_series_screen_refuses_an_unknown_series(series, capsys):
    from tui.cli import main

    assert main(["--db", str(series.engine.url.database), "series", "--screen", "NO-SUCH"]) == 2
    assert "no series 'NO-SUCH'" in capsys.readouterr().err
    assert main(["--db", str(series.engine.url.database), "series", "--screen", "--move", "X"]) == 2


def test_floor_series_screen_opens_the_series_screen_read_only(series, monkeypatch):
    """`floor series --screen SERIES`: the Series screen alone, with the series selected, on a read-only store."""
    from tui import cli

    started = {}

    def run(app):
        from models.roles import role_of

        started.update(mode=app.mode, series=app.series_id, role=role_of(app.store).value)
        return 0

    monkeypatch.setattr(cli, "_run_app", run)
    assert cli.main(["--db", str(series.engine.url.database), "series", "--screen", "CD-FIREARMS"]) == 0
    assert started == {"mode": "series", "series": "CD-FIREARMS", "role": "display"}


async def test_the_chairs_help_lists_the_series_key(series):
    app = _chair(series)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {b.key: b.tooltip for b in app.screen.bindings}
        assert listed["h"].startswith("The series of meetings")


def _held(store) -> None:
    """The series held on a known timetable (tests/test_trends_plan.py)."""
    from datetime import datetime

    from tests.series_meetings import add_meeting, hold
    from tests.test_trends_plan import HELD

    for mid, (day, number, script) in HELD.items():
        add_meeting(store, mid, day, number)
        hold(store, mid, datetime.fromisoformat(f"{day}T08:00:00+00:00"), script)


def test_series_trends_120x34(snap_compare, store):
    from datetime import datetime

    _held(store)

    async def trends(pilot):
        await pilot.press("t")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = FloorApp(store, "", clock=FakeClock(datetime.fromisoformat("2028-01-01T00:00:00+00:00")), mode="series",
                   actor="display", series_id="CD-FIREARMS")
    assert snap_compare(app, terminal_size=(120, 34), run_before=trends)


async def test_t_shows_the_trends_of_the_series_as_sparklines_and_bars(store):
    """Issue 13 point 4 on screen: the held series of tests/test_trends_plan.py; t shows its trends — a
    sparkline per category across the meetings and a row per meeting (floor time, used against planned,
    speakers and those not reached) — with the figures of each meeting's own statistics."""
    from datetime import datetime

    from textual.widgets import Sparkline

    _held(store)
    app = FloorApp(store, "CD-FIREARMS-03", clock=FakeClock(datetime.fromisoformat("2028-01-01T00:00:00+00:00")),
                   actor="chair")
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot, "h")
        await settle(pilot, "t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = painted(app)
        assert "Floor time per category, meeting by meeting (3 meetings, oldest left)" in shown
        sparks = {s.parent.children[0].render().plain: list(s.data) for s in app.screen.query(Sparkline)}
        assert sparks["NGO"] == [100.0, 120.0, 0.0]  # spoke in 1 and 2, not reached in 3
        assert "last: 0 s, 0 speakers, 1 not reached" in shown
        assert "No. 3 (2027-06-07)" in shown and "5 (1)" in shown  # five spoke, one not reached
        await settle(pilot, "t")  # back to the meetings and the search
        assert app.screen.query_one("#series-tabs").active == "series-meetings"


def test_the_floor_bar_of_the_longest_meeting_fills_its_scale_and_used_is_drawn_against_planned():
    """Tryout 2: the floor-time bars were dots (the scale was the time planned); now the longest meeting's
    floor fills the bar, the others in proportion, and a small bar shows time used against time planned."""
    from types import SimpleNamespace

    from rich.console import Console

    from tui.widgets.trends_view import BAR_CELLS, USED_CELLS, meetings_table

    def meeting(n, total, used, planned):
        return SimpleNamespace(id=f"M-{n}", number=n, date=f"2026-0{n}-01", total_s=total,
                               used_s=used, planned_s=planned, by_mode=(), speakers=3, not_reached=0)

    trends = SimpleNamespace(meetings=[meeting(1, 1200, 3000, 10800), meeting(2, 600, 12000, 10800)])
    console = Console(width=200, record=True, color_system=None)
    console.print(meetings_table(trends))
    rows = [line for line in console.export_text().splitlines() if "No. " in line]
    assert len(rows) == 2
    assert "█" * BAR_CELLS in rows[0]  # the longest floor fills the bar
    assert "█" * (BAR_CELLS // 2) + "·" * (BAR_CELLS // 2) in rows[1]  # half as long: half the bar
    assert "█" * USED_CELLS in rows[1]  # more used than planned: full (and red)
    assert "█" * round(USED_CELLS * 3000 / 10800) + "·" in rows[0]  # 50 min of 3 h planned: a quarter or so
