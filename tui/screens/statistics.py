"""Speaking-time statistics in the app: by category and by mode, with bars."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from models.categories import label
from models.minutes import build_minutes
from models.statistics import Statistics, bar_cells, compute, floor_chart
from models.unstyle import minutes_and_seconds
from tui.literal import literal, plain

BAR_WIDTH = 24


class StatisticsScreen(ModalScreen[None]):
    """Floor time per category and mode for the current item and the meeting:
    how much of the floor NGOs actually had."""

    DEFAULT_CSS = """
    StatisticsScreen { background: $background 70%; }
    StatisticsScreen VerticalScroll { margin: 1 2; border: thick $primary; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q,S", "dismiss", "Close", id="close_statistics")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="stats")
        yield Footer()

    def on_mount(self) -> None:
        from models.store import StoreError
        from tui import faults

        app = self.app
        try:
            rec = faults.read_now(app, "Reading the statistics", build_minutes, app.store, app.meeting_id, app.clock.now())
        except StoreError:
            self.dismiss()
            return
        categories = rec.meeting.settings.get("categories")
        current = next((it for it in rec.items if it.started_at and not it.ended_at), None)
        parts: list = []
        if current is not None:
            parts.append(self.table(f"Item {literal(current.number)}", compute(current.speakers, current.number, categories)))
        everyone = [sp for it in rec.items for sp in it.speakers]
        parts.append(self.table("Whole meeting", compute(everyone, None, categories)))
        from rich.console import Group

        self.shown = Group(*parts)  # what the screen shows, as Rich renderables
        self.query_one("#stats", Static).update(self.shown)
        self.query_one(VerticalScroll).focus()

    @staticmethod
    def table(title: str, stats: Statistics) -> Table:
        """One scope's figures as a Rich table with share bars: the bars of
        ``models.statistics.floor_chart``, the chart of the minutes' Annex IV."""
        chart = floor_chart(stats, title)
        table = Table(title=plain(f"{title}: floor time (list of speakers, pauses excluded)"), title_justify="left", expand=True)
        for name, justify in (("", "left"), ("Spoke", "right"), ("Not reached", "right"), ("Time", "right"),
                              ("Share", "right"), ("", "left"), ("Overruns", "right")):
            table.add_column(name, justify=justify, no_wrap=True)
        for rows, bars, heading in ((stats.by_category, chart.by_category, "By category"),
                                    (stats.by_mode, chart.by_mode, "By mode")):
            table.add_row(Text(heading, style="bold"), "", "", "", "", "", "")
            for r, b in zip(rows, bars, strict=True):
                bar = "█" * bar_cells(b.share, BAR_WIDTH)
                table.add_row(plain(f"  {label(r.key)}"), str(r.spoke), str(r.not_reached), minutes_and_seconds(r.seconds),
                              f"{r.share * 100:.1f} %", Text(bar, style="cyan"), f"{r.overruns}" + (f" ({r.overrun_s} s)" if r.overruns else ""))
        if stats.replies:
            table.caption = f"Rights of reply: {stats.replies} ({stats.reply_s} s), not counted above."
        return table
