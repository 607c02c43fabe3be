"""The roster: taking attendance (``R`` on the chair's screen).

Every participant by category (the order of precedence, then the roster's),
with its registered mode, whether its delegation is present — in person or
online — and since when (the meeting's local time). One key marks the
highlighted participant's delegation present in its registered way, or not
present again (Space); another switches it between in person and online
(``m``). Typing after ``/`` filters by delegation, speaker or category.

Each key is one chair action (``models.procedure.attendance``: one
transaction, one procedural-log row, undone with ``z`` like any other). A
delegation that speaks for a group and nationally is marked once for both of
its rows. The table is a ``DataTable`` (it paints only the rows on screen):
a roster of 1,000 opens at once and a mark repaints the rows it changed.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from models import procedure
from models.categories import CATEGORIES, label
from models.procedure.attendance import attendance_key, registered_presence
from models.roster import fold
from models.state import read_meeting
from models.store import StoreError
from models.tables import Participant
from models.unstyle import local
from tui import faults
from tui.literal import plain
from tui.widgets.text import TextInput

#: The table's columns: (key, heading, width).
COLUMNS = (("category", "Category", 16), ("delegation", "Delegation", 40), ("speaker", "Speaker", 22),
           ("registered", "Registered", 10), ("present", "Present", 11), ("arrived", "Arrived", 7))


class RosterScreen(ModalScreen[None]):
    """Attendance: the participants by category, present or not, with one key to mark them."""

    DEFAULT_CSS = """
    RosterScreen { background: $background 60%; }
    RosterScreen #roster-head { height: 1; padding: 0 1; background: $boost; }
    RosterScreen #roster-filter { height: 3; }
    RosterScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("space", "toggle", "Present / not present", id="toggle_present",
                tooltip="Mark the delegation present in its registered way (in person or online), or not present again"),
        Binding("m", "switch_mode", "In person / online", id="switch_attendance_mode",
                tooltip="Switch the delegation's attendance between in person and online (its arrival time stays)"),
        Binding("slash,ctrl+f", "filter", "Filter", id="filter_roster", tooltip="Type to filter by delegation, speaker or category"),
        Binding("escape,R", "close", "Close", id="close_roster"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._people: dict[str, Participant] = {}  # by key, in the table's order
        self._shown: dict[str, tuple] = {}  # what each row shows, by key (to repaint only what changed)
        self._timezone = "UTC"
        self._filter: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="roster-head")
        yield TextInput(placeholder="Filter: delegation, speaker or category (/)", id="roster-filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="roster")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, heading, width in COLUMNS:
            table.add_column(heading, key=key, width=width)
        try:
            faults.read_now(self.app, "Reading the roster", self._read)
        except StoreError:
            self.dismiss()
            return
        self._fill()
        table.focus()

    # ------------------------------------------------------------------ reading

    def _read(self) -> None:
        """Read the meeting's participants (one query), in the order of the table."""
        app = self.app
        with app.store.read() as s:
            meeting, _items, people = read_meeting(s, app.meeting_id)
        self._timezone = meeting.timezone
        order = {c: i for i, c in enumerate(dict.fromkeys((*CATEGORIES, *meeting.settings.get("categories", []))))}
        people.sort(key=lambda p: (order.get(p.category, len(order)), p.id))
        self._people = {p.key: p for p in people}

    def _cells(self, p: Participant) -> tuple:
        arrived = local(p.arrived_at, self._timezone).format("HH:mm") if p.arrived_at else ""
        present = Text(f"✓ {label(p.attendance)}", style="bold green") if p.attendance else Text("—", style="dim")
        return (plain(label(p.category)), plain(p.delegation + (f" (for {p.on_behalf_of})" if p.on_behalf_of else ""),
                                                 overflow="ellipsis", no_wrap=True),
                plain(p.speaker, overflow="ellipsis", no_wrap=True), plain(label(p.mode)), present, plain(arrived))

    def _matches(self, p: Participant) -> bool:
        if not self._filter:
            return True
        hay = fold(" ".join((p.delegation, p.speaker, p.on_behalf_of, label(p.category), p.key)))
        return all(word in hay for word in self._filter)

    def _fill(self) -> None:
        """Fill the table again (at start and when the filter changes)."""
        table = self.query_one(DataTable)
        table.clear()
        self._shown = {}
        rows = []
        for key, p in self._people.items():
            if self._matches(p):
                cells = self._cells(p)
                self._shown[key] = cells
                rows.append((cells, key))
        for cells, key in rows:
            table.add_row(*cells, key=key)
        self._show_head()

    def _show_head(self) -> None:
        units: dict[str, str | None] = {}
        for p in self._people.values():
            unit = attendance_key(p)
            units[unit] = units.get(unit) or p.attendance
        present = [mode for mode in units.values() if mode]
        head = Text.assemble(
            ("Attendance", "bold"),
            f" — {len(present)} of {len(units)} delegations present ({present.count('in_person')} in person, "
            f"{present.count('online')} online)",
            (" · a delegation speaking for a group and nationally counts once", "dim"),
        )
        self.query_one("#roster-head", Static).update(head)

    def _refresh(self, keys: list[str]) -> None:
        """Read the roster again and repaint the rows of ``keys`` (and any other that changed)."""
        self._read()
        table = self.query_one(DataTable)
        for key, p in self._people.items():
            if key not in self._shown:
                continue
            cells = self._cells(p)
            if key in keys or cells != self._shown[key]:
                self._shown[key] = cells
                for (column, _h, _w), value in zip(COLUMNS, cells):
                    table.update_cell(key, column, value)
        self._show_head()

    # ------------------------------------------------------------------ actions

    def _highlighted(self) -> Participant | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._people.get(key)

    def action_toggle(self) -> None:
        """Mark the highlighted participant's delegation present in its registered way, or not present."""
        p = self._highlighted()
        if p is None:
            return
        if p.attendance:
            self._act("mark_absent", p.key)
        else:
            self._act("mark_present", p.key, mode=registered_presence(p))

    def action_switch_mode(self) -> None:
        """Switch the delegation between present in person and present online."""
        p = self._highlighted()
        if p is None:
            return
        current = p.attendance or registered_presence(p)
        self._act("mark_present", p.key, mode="online" if current == "in_person" else "in_person")

    @work(group="attendance")
    async def _act(self, action: str, key: str, **kwargs) -> None:
        app = self.app
        now: datetime = app.clock.now()
        try:
            entry = await faults.run(app, "Taking attendance", procedure.ACTIONS[action], app.store, app.meeting_id,
                                     now, actor=app.actor, participant_key=key, **kwargs)
        except procedure.ProcedureError as exc:
            self.notify(str(exc), severity="warning", timeout=4, markup=False)
            return
        except StoreError:  # the banner says what happened
            return
        try:
            faults.read_now(app, "Reading the roster", self._refresh, entry.detail.get("participants", [key]))
        except StoreError:
            pass

    def action_filter(self) -> None:
        """Put the cursor in the filter."""
        self.query_one("#roster-filter", Input).focus()

    def action_close(self) -> None:
        """Leave the filter, or close the roster."""
        if self.query_one("#roster-filter", Input).has_focus:
            self.query_one(DataTable).focus()
            return
        self.dismiss()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter = [fold(w) for w in event.value.split()]
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()
