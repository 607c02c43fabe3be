"""The participants' pending requests, to choose one and decide it (Q on the chair's screen)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models.state import FloorState
from tui.widgets.requests_panel import request_line


class RequestsScreen(ModalScreen[tuple[str, int] | None]):
    """Every request waiting for the chair, oldest first (as of when the list
    opened). Up/Down choose; Enter accepts the highlighted request,
    Backspace (or Delete) declines it (the chair's screen then asks for the
    reason); Esc closes. Dismisses with ("accept" | "decline", request id), or None.
    """

    DEFAULT_CSS = """
    RequestsScreen { align: center middle; }
    RequestsScreen > Vertical { width: 90%; max-width: 110; height: auto; max-height: 80%; border: thick $warning; background: $surface; padding: 0 1; }
    RequestsScreen OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [
        Binding("escape,Q", "dismiss_none", "Close", id="requests_close"),
        Binding("backspace,delete", "decline", "Decline with a reason", id="requests_decline"),
    ]

    def __init__(self, state: FloorState, now: datetime) -> None:
        super().__init__()
        self.state = state
        self.now = now

    def compose(self) -> ComposeResult:
        n = len(self.state.requests)
        with Vertical():
            yield Static(Text.assemble((f"Requests for the floor ({n})", "bold"),
                                       " — Enter: accept · Backspace: decline with a reason · Esc: close"))
            yield OptionList(*(Option(request_line(self.state, r, self.now), id=str(r.id)) for r in self.state.requests),
                             id="requests")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(("accept", int(event.option.id)))

    def action_decline(self) -> None:
        """Decline the highlighted request (the reason is asked next)."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id is not None:
                self.dismiss(("decline", int(option.id)))

    def action_dismiss_none(self) -> None:
        """Close without deciding."""
        self.dismiss(None)
