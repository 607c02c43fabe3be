"""The trends of a series on screen (issue 13, point 4): per category a
sparkline of its floor time meeting by meeting, and per meeting bars of the
floor, time used against time planned, speakers not reached and online
against in person. The figures are those of ``models.trends`` (the same as
each meeting's own statistics and the ``floor trends`` exports)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Sparkline, Static

from models.statistics import bar_cells, floor_time_words
from models.trends import SeriesTrends, meeting_label

#: Character cells of the longest bar.
BAR_CELLS = 16
#: Character cells of the small bar of time used against time planned.
USED_CELLS = 6


def _bar(value: int, largest: int, style: str, cells: int = BAR_CELLS) -> Text:
    filled = min(bar_cells(value / largest, cells), cells) if largest else 0
    return Text("█" * filled + "·" * (cells - filled), style=style)


def meetings_table(trends: SeriesTrends) -> Table:
    """One row per meeting: floor time (a bar on the scale of the series'
    largest floor time, so that the longest meeting fills it, and in
    minutes), time used against planned (a small bar of the time planned,
    red and full where more was used, and the figures), speakers (not
    reached), and the share of the floor taken online or by video."""
    table = Table(expand=False, box=None, padding=(0, 1), header_style="bold")
    for title in ("Meeting", "Floor time", "", "", "Used / planned", "Speakers (not reached)", "Online"):
        table.add_column(title, no_wrap=True)
    largest = max((m.total_s for m in trends.meetings), default=0)
    for m in trends.meetings:
        used = "not risen" if m.used_s is None else floor_time_words(m.used_s)
        over = m.used_s is not None and m.used_s > m.planned_s
        online = sum(r.seconds for r in m.by_mode if r.key != "in_person")
        share = f"{round(100 * online / m.total_s)} %" if m.total_s else "–"
        table.add_row(Text(meeting_label(m)), _bar(m.total_s, largest, "green"), Text(floor_time_words(m.total_s)),
                      _bar(m.used_s or 0, m.planned_s, "red" if over else "cyan", USED_CELLS),
                      Text(f"{used} / {floor_time_words(m.planned_s)}", style="bold red" if over else ""),
                      Text(f"{m.speakers} ({m.not_reached})", style="yellow" if m.not_reached else ""), Text(share))
    return table


class TrendsView(VerticalScroll):
    """The trends of one series (``show(trends)``): a line per category with
    its sparkline across the meetings (oldest left) and its last figures,
    then the table of meetings (:func:`meetings_table`). Names are data: shown
    as text, never markup."""

    DEFAULT_CSS = """
    TrendsView { height: 1fr; }
    TrendsView .trend-line { height: 1; }
    TrendsView .trend-label { width: 28; }
    TrendsView Sparkline { width: 30; margin: 0 1; }
    TrendsView .trend-figures { width: 1fr; }
    TrendsView #trends-title { margin-bottom: 1; }
    TrendsView #trends-lines { height: auto; }
    TrendsView #trends-meetings { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="trends-title")
        yield VerticalScroll(id="trends-lines")
        yield Static(id="trends-meetings")

    def show(self, trends: SeriesTrends | None, problem: str = "") -> None:
        """Show ``trends`` (None: ``problem`` instead, e.g. why they could not be read)."""
        title = self.query_one("#trends-title", Static)
        lines = self.query_one("#trends-lines", VerticalScroll)
        lines.remove_children()
        if trends is None or not trends.meetings:
            title.update(Text(problem or "No meeting in this series yet."))
            self.query_one("#trends-meetings", Static).update("")
            return
        title.update(Text.assemble(("Floor time per category, meeting by meeting", "bold"),
                                   f" ({len(trends.meetings)} meeting{'s' if len(trends.meetings) != 1 else ''}, oldest left)"))
        rows = []
        for key in trends.categories:
            series = [m.category(key) for m in trends.meetings]
            last = series[-1]
            rows.append(Horizontal(
                Static(Text(series[0].label if series else key), classes="trend-label"),
                Sparkline([float(r.seconds) for r in series], summary_function=max),
                Static(Text(f"last: {floor_time_words(last.seconds)}, {last.speakers} "
                            f"speaker{'s' if last.speakers != 1 else ''}"
                            + (f", {last.not_reached} not reached" if last.not_reached else "")),
                       classes="trend-figures"),
                classes="trend-line"))
        lines.mount_all(rows)
        self.query_one("#trends-meetings", Static).update(meetings_table(trends))
