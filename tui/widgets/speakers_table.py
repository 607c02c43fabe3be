"""The speakers list of the current item, as a DataTable (virtualised rows)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from models.categories import label
from models.state import Entry
from models.tables import InterventionStatus
from models.timing import (
    limit_seconds,
    overrun_seconds,
    remaining_seconds,
    used_seconds,
)
from models.unstyle import minutes_and_seconds

STATUS_STYLE = {
    InterventionStatus.WAITING: ("waiting", ""),
    InterventionStatus.SPEAKING: ("▶ speaking", "bold"),
    InterventionStatus.SPOKE: ("spoke", "dim"),
    InterventionStatus.WITHDREW: ("withdrew", "dim strike"),
    InterventionStatus.NOT_PRESENT: ("not present", "dim"),
    InterventionStatus.NOT_REACHED: ("not reached", "dim"),
}


class SpeakersTable(DataTable):
    """Order, delegation, category, allotted (or used) time and status.

    Row keys are intervention ids, so the cursor stays on the same speaker
    when the list is redrawn.
    """

    DEFAULT_CSS = """
    SpeakersTable { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._signature: tuple = ()
        self._last: tuple[list[Entry], datetime] | None = None

    #: (label, key, width) of the fixed columns; the delegation takes the rest.
    FIXED = (("#", "order", 2), ("Category", "category", 15), ("Time", "time", 10), ("Status", "status", 11))

    def on_mount(self) -> None:
        self._add_columns(30)

    def _add_columns(self, delegation_width: int) -> None:
        order, category, time, status = self.FIXED
        self.add_column(order[0], key=order[1], width=order[2])
        self.add_column("Delegation", key="delegation", width=delegation_width)
        for label_, key, width in (category, time, status):
            self.add_column(label_, key=key, width=width)

    def on_resize(self) -> None:
        """Give the delegation column whatever width the others leave."""
        fixed = sum(w for _, _, w in self.FIXED) + 2 * self.cell_padding * (len(self.FIXED) + 1)
        width = max(12, self.size.width - self.styles.scrollbar_size_vertical - fixed - 1)
        if self.columns and self.columns.get("delegation") and self.columns["delegation"].width == width:
            return
        selected = self.selected_id
        self.clear(columns=True)
        self._add_columns(width)
        self._signature = ()
        if self._last is not None:
            self.show(*self._last, keep=selected)

    #: Participant id → (times, seconds) spoken so far in the meeting (set by the screen).
    spoken: dict[int, tuple[int, int]] = {}

    def show(self, entries: list[Entry], now: datetime, keep: int | None = None) -> None:
        """Redraw the rows for ``entries``; keeps the cursor on the same entry."""
        self._last = (entries, now)
        selected = keep if keep is not None else self.selected_id
        signature = tuple(
            (e.id, e.intervention.status, e.intervention.position, len(e.intervention.failed_calls),
             e.intervention.allotted_s, e.intervention.extension_s, self.spoken.get(e.participant.id))
            for e in entries
        )
        if signature != self._signature:
            self.clear()
            for order, entry in enumerate(entries, start=1):
                self.add_row(*self._cells(order, entry, now), key=str(entry.id))
            self._signature = signature
            if selected is not None and str(selected) in self.rows:
                self.move_cursor(row=self.get_row_index(str(selected)), animate=False)
            else:
                first_waiting = next(
                    (i for i, e in enumerate(entries) if e.intervention.status == InterventionStatus.WAITING), 0
                )
                self.move_cursor(row=first_waiting, animate=False)
        else:  # only times change: update the live cells
            for order, entry in enumerate(entries, start=1):
                if entry.intervention.status == InterventionStatus.SPEAKING:
                    self.update_cell(str(entry.id), "time", self._time(entry, now))

    @property
    def selected_id(self) -> int | None:
        """Intervention id under the cursor, or None for an empty list."""
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return int(key.value) if key.value is not None else None

    def _cells(self, order: int, entry: Entry, now: datetime) -> list:
        p, iv = entry.participant, entry.intervention
        word, style = STATUS_STYLE[iv.status]
        if iv.failed_calls and iv.status == InterventionStatus.WAITING:
            word = "absent ×1" if iv.failed_calls[-1]["kind"] == "absent" else "no link ×1"
        if iv.kind == "reply":
            word = f"reply {iv.reply_number}" + (" ✓" if iv.status == InterventionStatus.SPOKE else "")
        name = Text(overflow="ellipsis", no_wrap=True, style=style)
        if iv.status == InterventionStatus.WAITING:
            times = self.spoken.get(p.id)
            if times is None:
                name.append("★ ", style="bold green")  # has not spoken yet in this meeting
            else:
                name.append(f"{times[0]}×{times[1] // 60}:{times[1] % 60:02d} ", style="dim")
        name.append(p.delegation + (f" — for {p.on_behalf_of}" if p.on_behalf_of else ""))
        return [
            Text(str(order), style=style),
            name,
            Text(label(p.category), style=style, overflow="ellipsis", no_wrap=True),
            self._time(entry, now),
            Text(word, style=style),
        ]

    @staticmethod
    def _time(entry: Entry, now: datetime) -> Text:
        iv = entry.intervention
        limit = limit_seconds(iv)
        if iv.status == InterventionStatus.SPEAKING:
            remaining = remaining_seconds(iv, now)
            shown = minutes_and_seconds(used_seconds(iv, now), up=False) if remaining is None else minutes_and_seconds(remaining)
            return Text(shown, style="bold")
        if iv.status == InterventionStatus.SPOKE:
            over = overrun_seconds(iv, now)
            text = Text(minutes_and_seconds(used_seconds(iv, now), up=False), style="dim")
            if over:
                text.append(f" +{over}s", style="red")
            return text
        return Text("untimed" if limit is None else minutes_and_seconds(limit))
