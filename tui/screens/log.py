"""The procedural log, newest first, read a page at a time as the chair scrolls
(a log of 25,000 rows opens as fast as one of 25)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from models.state import LogLine, log_page
from models.unstyle import local
from tui.literal import literal


class LogScreen(ModalScreen[None]):
    """Rows of the procedural log, newest first: local time, action, accepted or
    refused, by whom. Older rows are read when the cursor nears the end."""

    #: Rows read at a time.
    PAGE = 200

    DEFAULT_CSS = """
    LogScreen { background: $background 60%; }
    LogScreen > Static { dock: top; height: 1; padding: 0 1; background: $boost; }
    LogScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape,v,q", "dismiss", "Close", id="close_log")]

    def __init__(self) -> None:
        super().__init__()
        self._oldest: int | None = None
        self._complete = False
        self._timezone = "UTC"

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Procedural log", "bold"), " — newest first · Esc to close"))
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Time", width=8)
        table.add_column("What", width=max(30, self.app.size.width - 34))
        table.add_column("", width=8)
        table.add_column("By", width=10)
        from models.store import StoreError
        from tui import faults

        try:
            meeting = faults.read_now(self.app, "Reading the procedural log", self.app.store.meeting, self.app.meeting_id)
            self._timezone = meeting.timezone if meeting else "UTC"
            faults.read_now(self.app, "Reading the procedural log", self._load_more)
        except StoreError:
            self.dismiss()
            return
        table.move_cursor(row=0, animate=False)
        table.focus()

    def _load_more(self) -> None:
        """Append the next page of older rows (nothing once the log's start is shown)."""
        if self._complete:
            return
        page = log_page(self.app.store, self.app.meeting_id, self._oldest, self.PAGE)
        self._complete = len(page) < self.PAGE
        if page:
            self._oldest = page[-1].id
        table = self.query_one(DataTable)
        for line in page:
            table.add_row(*self._cells(line))

    def _cells(self, line: LogLine) -> list[Text]:
        style = "dim strike" if line.undone else ("yellow" if not line.accepted else "")
        return [
            Text(local(line.at, self._timezone).format("HH:mm:ss"), style=style),
            Text(literal(line.summary) + (" (undone)" if line.undone else ""), style=style, overflow="ellipsis", no_wrap=True),
            Text("refused" if not line.accepted else "", style="yellow"),
            Text(literal(line.actor.split(" ")[0]), style=style),
        ]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= event.data_table.row_count - 20:
            from models.store import StoreError
            from tui import faults

            try:
                faults.read_now(self.app, "Reading the procedural log", self._load_more)
            except StoreError:
                pass
