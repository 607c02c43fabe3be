"""Agenda amendments during the meeting: add an item, retitle one, change its
allotted time, reorder the items still to come. Each change is a chair action
(logged, undoable)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from models.state import load_state
from models.unstyle import minutes_and_seconds
from tui.literal import plain
from tui.screens.prompt import TextPrompt


class AgendaScreen(ModalScreen[None]):
    """The agenda as a table, with one key per amendment."""

    DEFAULT_CSS = """
    AgendaScreen { background: $background 60%; }
    AgendaScreen > Static { dock: top; height: 1; padding: 0 1; background: $boost; }
    AgendaScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "add", "Add item", id="agenda_add"),
        Binding("t", "retitle", "Retitle", id="agenda_retitle"),
        Binding("m", "allot", "Allotted time", id="agenda_allot"),
        Binding("u", "move(-1)", "Earlier", id="agenda_up"),
        Binding("d", "move(1)", "Later", id="agenda_down"),
        Binding("escape,b,q", "dismiss", "Close", id="agenda_close"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("[b]Agenda[/b] — amendments are logged; items already taken up cannot move")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Item", width=5)
        table.add_column("Title", width=max(30, self.app.size.width - 34))
        table.add_column("Allotted", width=8)
        table.add_column("Status", width=9)
        self.redraw()
        table.focus()

    def redraw(self, keep: int | None = None) -> None:
        """Reload the items from the database (if it fails, the banner says why)."""
        from models.store import StoreError
        from tui import faults

        table = self.query_one(DataTable)
        try:
            state = faults.read_now(self.app, "Reading the agenda", load_state, self.app.store, self.app.meeting_id)
        except StoreError:
            return
        self.items = state.items
        current = state.meeting.current_item_id
        table.clear()
        for it in self.items:
            status = "current" if it.id == current else ("done" if it.ended_at else ("taken up" if it.started_at else "to come"))
            table.add_row(plain(it.number), plain(it.title, overflow="ellipsis", no_wrap=True), minutes_and_seconds(it.allotted_s), status,
                          key=str(it.id))
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)

    @property
    def selected(self):
        table = self.query_one(DataTable)
        return self.items[table.cursor_row] if self.items else None

    @work(group="chair")
    async def _chair(self, action: str, keep: int | None = None, **kwargs) -> None:
        """Run one amendment on the app's writer thread, then redraw."""
        from models import procedure

        app = self.app
        now = app.clock.now()
        from models.store import StoreError
        from tui import faults

        try:
            await faults.run(app, "Amending the agenda", procedure.ACTIONS[action], app.store, app.meeting_id, now,
                             actor=app.actor, **kwargs)
        except procedure.ProcedureError as exc:
            self.notify(str(exc), severity="warning")
        except StoreError:  # the banner says what happened; nothing was changed
            return
        self.redraw(keep)

    def action_add(self) -> None:
        """Add an item after the current one: title, then minutes."""

        def got_title(title: str | None) -> None:
            if title:
                def got_minutes(text: str | None) -> None:
                    minutes = _minutes(text)
                    if minutes:
                        self._chair("add_item", title=title, allotted_s=minutes * 60)
                    elif text is not None:
                        self.notify("The allotted time is a whole number of minutes, above 0.", severity="warning")
                self.app.push_screen(TextPrompt("Allotted minutes for the new item", "10"), got_minutes)

        self.app.push_screen(TextPrompt("Title of the new item"), got_title)

    def action_retitle(self) -> None:
        """Retitle the selected item."""
        item = self.selected
        if item is not None:
            self.app.push_screen(
                TextPrompt(f"New title of item {item.number}", item.title),
                lambda title: title and self._chair("amend_item", keep=item.id, item_id=item.id, title=title),
            )

    def action_allot(self) -> None:
        """Change the allotted time (minutes) of the selected item."""
        item = self.selected
        if item is not None:
            def got(text: str | None) -> None:
                minutes = _minutes(text)
                if minutes:
                    self._chair("amend_item", keep=item.id, item_id=item.id, allotted_s=minutes * 60)
                elif text is not None:
                    self.notify("The allotted time is a whole number of minutes, above 0.", severity="warning")

            self.app.push_screen(TextPrompt(f"Allotted minutes for item {item.number}", str(item.allotted_s // 60)), got)

    def action_move(self, delta: int) -> None:
        """Move the selected item still to come earlier or later."""
        item = self.selected
        if item is not None:
            self._chair("move_item", keep=item.id, item_id=item.id, delta=delta)


def _minutes(text: str | None) -> int | None:
    """Whole minutes typed by the chair, or None (with no complaint: Esc or nonsense)."""
    try:
        value = int((text or "").strip())
    except ValueError:
        return None
    return value if value > 0 else None
