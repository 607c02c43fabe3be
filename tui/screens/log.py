"""The procedural log, scrollable (a virtualised DataTable), newest at the bottom."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from models.state import procedural_log
from models.unstyle import local


class LogScreen(ModalScreen[None]):
    """Every row of the procedural log: local time, action, accepted or refused, by whom."""

    DEFAULT_CSS = """
    LogScreen { background: $background 60%; }
    LogScreen > Static { dock: top; height: 1; padding: 0 1; background: $boost; }
    LogScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape,v,q", "dismiss", "Close", id="close_log")]

    def compose(self) -> ComposeResult:
        yield Static("[b]Procedural log[/b] — Esc to close")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Time", width=8)
        table.add_column("What", width=max(30, self.app.size.width - 34))
        table.add_column("", width=8)
        table.add_column("By", width=10)
        app = self.app
        meeting = app.store.meeting(app.meeting_id)
        for entry in procedural_log(app.store, app.meeting_id):
            style = "dim strike" if entry.undone_by else ("yellow" if not entry.accepted else "")
            table.add_row(
                Text(local(entry.at, meeting.timezone).format("HH:mm:ss"), style=style),
                Text(entry.summary + (" (undone)" if entry.undone_by else ""), style=style, overflow="ellipsis", no_wrap=True),
                Text("refused" if not entry.accepted else "", style="yellow"),
                Text(entry.actor.split(" ")[0], style=style),
            )
        table.move_cursor(row=table.row_count - 1, animate=False)
        table.focus()
