"""The speakers list widget on its own: 1,000 entries, keys, mouse, inserts, hostile names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult

from models.state import Entry
from models.tables import Intervention, InterventionStatus, Participant
from tui.widgets.speakers_table import SpeakersTable

NOW = datetime(2026, 7, 2, 14, 0, tzinfo=UTC)


def entry(number: int, delegation: str | None = None, status=InterventionStatus.WAITING, **kwargs) -> Entry:
    """Entry with intervention id ``number`` for a delegation (default "Delegation N")."""
    return Entry(
        intervention=Intervention(id=number, item_id=1, participant_id=number, position=number, status=status,
                                  allotted_s=240, **kwargs),
        participant=Participant(id=number, meeting_id="m", key=f"P{number}",
                                delegation=delegation or f"Delegation {number}", category="state_party"),
    )


def speakers(n: int = 1000) -> list[Entry]:
    """Two who spoke, one speaking (started a minute ago), the rest waiting."""
    started = NOW - timedelta(minutes=1)
    done = dict(status=InterventionStatus.SPOKE, started_at=started - timedelta(minutes=9), ended_at=started)
    return [
        entry(1, **done),
        entry(2, **done),
        entry(3, status=InterventionStatus.SPEAKING, started_at=started),
        *(entry(i) for i in range(4, n + 1)),
    ]


class TableApp(App):
    def __init__(self, entries: list[Entry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        yield SpeakersTable(id="speakers")

    def on_mount(self) -> None:
        table = self.query_one(SpeakersTable)
        table.show(self.entries, NOW)
        table.focus()


def lines(table: SpeakersTable) -> list[str]:
    """The table's lines as on the screen now (header first): a line the table
    did not repaint after a change shows what it showed before."""
    region = table.scrollable_content_region
    strips = table.screen._compositor.render_strips()[region.y:region.bottom]
    return [strip.crop(region.x, region.right).text for strip in strips]


def numbers(table: SpeakersTable) -> list[int]:
    """The order numbers shown on screen, top to bottom."""
    return [int(line.split()[0]) for line in lines(table)[1:] if line.strip()]


async def test_cursor_moves_with_keys_through_a_thousand_speakers():
    app = TableApp(speakers())
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(SpeakersTable)
        assert table.cursor_row == 3 and table.selected_id == 4  # the first speaker waiting
        assert lines(table)[0].split() == ["#", "Delegation", "Category", "Limit", "Used", "Status"]
        await pilot.press("down", "down", "up")
        assert table.selected_id == 5
        await pilot.press("end")
        assert table.selected_id == 1000
        assert numbers(table)[-1] == 1000 and "Delegation 1000" in lines(table)[-1]
        await pilot.press("pageup")
        assert table.cursor_row == 999 - table._page
        assert table.cursor_row + 1 in numbers(table)
        await pilot.press("home")
        assert table.selected_id == 1 and numbers(table)[0] == 1
        await pilot.press("pagedown")
        assert table.cursor_row == table._page and table.cursor_row + 1 in numbers(table)


async def test_click_selects_the_row():
    app = TableApp(speakers())
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(SpeakersTable)
        await pilot.click(SpeakersTable, offset=(10, 6))  # header, then entries 1..: line 6 is the 6th
        assert table.selected_id == 6
        await pilot.click(SpeakersTable, offset=(10, 0))  # the header selects nothing
        assert table.selected_id == 6


async def test_cursor_stays_on_its_speaker_when_one_is_inserted_above():
    entries = speakers()
    app = TableApp(entries)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(SpeakersTable)
        table.move_cursor(600)
        await pilot.pause()
        chosen = table.selected_id
        table.show([*entries[:500], entry(5000, "Inserted"), *entries[500:]], NOW)
        await pilot.pause()
        assert table.selected_id == chosen and table.cursor_row == 601

        table.show([*entries[:10], entry(5001, "Far above"), *entries[10:]], NOW)  # a new list again
        await pilot.pause()
        assert table.selected_id == chosen and table.cursor_row == 601  # the 5000 is gone


async def test_order_numbers_follow_an_insert_in_the_middle():
    entries = speakers()
    app = TableApp(entries)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(SpeakersTable)
        table.move_cursor(510)
        table.scroll_to(y=500, animate=False)  # 501 at the top, the cursor lower down
        await pilot.pause()
        before = lines(table)
        assert numbers(table)[0] == 501
        table.show([*entries[:505], entry(5000, "Inserted"), *entries[505:]], NOW)
        await pilot.pause()
        assert table.scroll_offset.y == 500 and table.selected_id == 511  # no scroll: lines repainted one by one
        shown = numbers(table)
        assert shown == list(range(501, 501 + len(shown)))
        assert lines(table)[:6] == before[:6]  # above the insert, as before
        by_number = {line.split()[0]: line for line in lines(table)[1:]}
        assert "Inserted" in by_number["506"] and "Delegation 506" in by_number["507"]
        await pilot.press("end")
        assert numbers(table)[-1] == 1001


async def test_clock_moves_only_the_speaking_time():
    entries = speakers(30)
    app = TableApp(entries)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(SpeakersTable)
        assert "04:00    01:00" in lines(table)[3]  # limit 240 s, used 60 s
        table.show(entries, NOW + timedelta(seconds=30))
        await pilot.pause()
        assert "01:30" in lines(table)[3] and "▶ speaking" in lines(table)[3]
        assert "04:00" in lines(table)[4] and "★ Delegation 4" in lines(table)[4]


async def test_hostile_names_render_literally():
    entries = [entry(1, "[/bold]"), entry(2, "\x1b[2J"), entry(3, "[red]Not red[/red]")]
    app = TableApp(entries)
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(SpeakersTable)
        await pilot.pause()
        shown = lines(table)
        assert "★ [/bold]" in shown[1]
        assert "★ ␛[2J" in shown[2]
        assert "★ [red]Not red[/red]" in shown[3]
        segments = [segment for y in range(4) for segment in table.render_line(y)]
        assert not any("\x1b" in segment.text for segment in segments)
        await pilot.press("down")  # repaint with the cursor on the hostile line
        assert table.selected_id == 2 and "␛[2J" in table.get_row("2")[1].plain
