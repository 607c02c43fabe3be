"""The help screen: every key of the chair's screen with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


class HelpScreen(ModalScreen[None]):
    """Lists ``bindings`` (key, action description); Esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 72; max-height: 90%; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen DataTable { height: auto; max-height: 30; }
    """
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close_help")]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Floor — the chair's keys[/b]   (plain keys work when the notes are not focused; Esc leaves the notes)")
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action")
        for binding in self.bindings:
            keys = ", ".join(self.app.get_key_display(Binding(k, binding.action)) for k in binding.key.split(","))
            table.add_row(keys, binding.tooltip or binding.description)
        table.focus()
