"""The help screen: every key of the chair's screen with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """Lists ``bindings`` (keys, what they do), wrapped to the screen and
    scrollable, then ``legend`` (what the screen's marks mean, plain text);
    Esc, q, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 95%; max-width: 110; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close_help")]

    def __init__(self, bindings: list[Binding], legend: str = "") -> None:
        super().__init__()
        self.bindings = bindings
        self.legend = legend

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Floor — the chair's keys[/b] (letters work when the notes are not focused; Esc leaves the notes)")
            with VerticalScroll():
                yield Static(self.table(), id="keys")
                if self.legend:
                    yield Static(Text(self.legend), id="legend")

    def table(self) -> Table:
        """The keys as a Rich table that wraps long descriptions."""
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Key", no_wrap=True, style="bold")
        table.add_column("Action", ratio=1)
        for binding in self.bindings:
            keys = ", ".join(self.app.get_key_display(Binding(k, binding.action)) for k in binding.key.split(","))
            table.add_row(keys, binding.tooltip or binding.description)
        return table

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
