"""The speakers list of the current item, as a virtualised Line-API table.

``show()`` only stores the list: nothing is computed per entry until its
line is on screen. ``render_line`` draws one line (the header, or the entry
at ``scroll_y + y - 1``) from a cache of row bodies keyed on the entry's id,
what it shows and the column width; the order number (index + 1), zebra
stripe and cursor are laid over it at paint time, so inserting one speaker
costs the ~40 visible lines, not the whole list. On a tick where only the
speaking entry's time moves, only that line is repainted.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from models.categories import label
from models.state import Entry
from models.tables import InterventionStatus, Participant
from models.timing import (
    limit_seconds,
    overrun_seconds,
    used_seconds,
)
from models.unstyle import minutes_and_seconds, visible

STATUS_STYLE = {
    InterventionStatus.WAITING: ("waiting", ""),
    InterventionStatus.SPEAKING: ("▶ speaking", "bold"),
    # (a speaker whose countdown is paused shows PAUSED: ``SpeakersTable._cells``)
    InterventionStatus.SPOKE: ("spoke", "dim"),
    InterventionStatus.WITHDREW: ("withdrew", "dim strike"),
    InterventionStatus.NOT_PRESENT: ("not present", "dim"),
    InterventionStatus.NOT_REACHED: ("not reached", "dim"),
}

#: Marks a participant taking part online that checked in from its page (issue 12): connected, so a call should not fail.
CONNECTED = "● "


def connected(p: Participant) -> bool:
    """Whether ``p`` takes part online (or by video) and checked in from its
    page (``models.procedure.floor_requests.check_in``): the chair can call it."""
    return p.checked_in_at is not None and p.mode != "in_person"


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted ``numbers`` as (start, end) pairs, end excluded."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n:
            runs[-1] = (runs[-1][0], n + 1)
        else:
            runs.append((n, n + 1))
    return runs


class SpeakersTable(ScrollView, can_focus=True):
    """Order, delegation, category, limit in force, time used and status.
    Before the delegation: ● a participant online that checked in from its
    page (connected), ★ one that has not yet spoken in the meeting.

    The order number is the entry's place on the list as ``FloorState.entries``
    gives it (``models.state.order_for_list``: a withdrawn entry keeps its
    place, so no other number changes). The cursor follows the intervention
    id, so it stays on the same speaker when the list changes (else it goes
    to the first speaker waiting).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "speakers-table--header",
        "speakers-table--cursor",
        "speakers-table--even-row",
        "speakers-table--odd-row",
    }

    DEFAULT_CSS = """
    SpeakersTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .speakers-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .speakers-table--header { background-tint: $foreground 5%; }
        }
        &:dark > .speakers-table--even-row { background: $surface-darken-1 40%; }
        & > .speakers-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .speakers-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .speakers-table--odd-row { }
        & > .speakers-table--even-row { background: $surface-lighten-1 50%; }
        & > .speakers-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "cursor_page_up", "Page up", show=False),
        Binding("pagedown", "cursor_page_down", "Page down", show=False),
        Binding("home,ctrl+home", "cursor_first", "First", show=False),
        Binding("end,ctrl+end", "cursor_last", "Last", show=False),
    ]

    #: (label, key, width) of the fixed columns; the delegation takes the rest.
    #: The order column widens to the number of digits of the list's length.
    #: One meaning per column: "Limit" is the limit in force (allotted plus
    #: extensions; "untimed"), "Used" the time spoken (live while speaking,
    #: then the overrun in red, "06:08 +8s"; blank before the floor is given).
    FIXED = (("#", "order", 2), ("Category", "category", 15), ("Limit", "limit", 7), ("Used", "used", 10),
             ("Status", "status", 11))
    #: Blank cells on each side of every column.
    PADDING = 1

    #: Participant id → (times, seconds) spoken so far in the meeting (set by the screen).
    spoken: dict[int, tuple[int, int]] = {}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._entries: list[Entry] = []
        self._length = 0
        self._spoken_shown: dict[int, tuple[int, int]] | None = None
        self._now: datetime | None = None
        self._cursor = 0
        self._speaking: int | None = None  # index of the entry speaking
        self._speaking_time = ""  # its time as last painted
        self._rows: LRUCache[tuple, tuple[list[Segment], int]] = LRUCache(1024)
        self._widths: tuple[tuple[int, int], tuple[int, int, int]] = ((-1, -1), (2, 12, 60))
        self._painted: dict[int, tuple | None] = {}  # line y → what render_line last drew there
        self._painted_widths: tuple[int, int, int] | None = None

    # ------------------------------------------------------------------ data

    def show(self, entries: list[Entry], now: datetime, keep: int | None = None) -> None:
        """Show ``entries`` at time ``now``; keeps the cursor on the same entry
        (``keep``: on that intervention id instead), else on the first waiting.

        ``entries`` come in the order a chair reads them (``FloorState.entries``):
        those dealt with, the speaker, then those waiting.

        The same list (and ``spoken``) as last time means only the clock moved:
        then only the speaking entry's line is repainted, and only if its time
        as shown changed. A new list repaints the visible lines that now
        show something else (at most a screenful, whatever the list's length).
        """
        self._now = now
        if entries is self._entries and len(entries) == self._length and self.spoken is self._spoken_shown and keep is None:
            self._tick()
            return
        selected = keep if keep is not None else self.selected_id
        previous = self._cursor
        self._entries, self._length, self._spoken_shown = entries, len(entries), self.spoken

        # Dealt-with entries, then the speaker, then those waiting: stop at the first waiting.
        self._speaking = first_waiting = None
        for index, entry in enumerate(entries):
            status = entry.intervention.status
            if status == InterventionStatus.SPEAKING:
                self._speaking = index
            elif status == InterventionStatus.WAITING:
                first_waiting = index
                break
        self._speaking_time = "" if self._speaking is None else self._time(entries[self._speaking], now).plain

        cursor = self._find(selected, previous) if selected is not None else None
        self._cursor = cursor if cursor is not None else (first_waiting or 0)
        top = self.scroll_offset.y
        self._resize_virtual()
        self._scroll_to_cursor()
        if self.scroll_offset.y == top:  # (a scroll repaints every line by itself)
            self._refresh_changed()

    def _refresh_changed(self) -> None:
        """Repaint the visible lines that would not be drawn as they are now."""
        widths = self._column_widths(self.size.width)
        if widths != self._painted_widths:
            self.refresh()
            return
        top, count = self.scroll_offset.y, len(self._entries)
        changed: list[int] = []
        for y in range(1, self.scrollable_content_region.height):
            index = top + y - 1
            shows = (index, self._row_key(self._entries[index], widths[1])[0], index == self._cursor) if index < count else None
            if self._painted.get(y) != shows:
                changed.append(y)
        for start, end in _runs(changed):
            self.refresh_lines(top + start, end - start)

    def _find(self, intervention_id: int, near: int) -> int | None:
        """Index of ``intervention_id``: first where it was, or one place off
        (an entry inserted or removed above), else by a scan."""
        entries = self._entries
        for index in (near, near + 1, near - 1):
            if 0 <= index < len(entries) and entries[index].intervention.id == intervention_id:
                return index
        return next((i for i, e in enumerate(entries) if e.intervention.id == intervention_id), None)

    def _tick(self) -> None:
        if self._speaking is None or self._now is None:
            return
        shown = self._time(self._entries[self._speaking], self._now).plain
        if shown != self._speaking_time:
            self._speaking_time = shown
            self._refresh_row(self._speaking)

    @property
    def selected_id(self) -> int | None:
        """Intervention id under the cursor, or None for an empty list."""
        if not self._entries:
            return None
        return self._entries[self._cursor].intervention.id

    @property
    def row_count(self) -> int:
        """Number of entries shown."""
        return len(self._entries)

    @property
    def cursor_row(self) -> int:
        """Index of the entry under the cursor."""
        return self._cursor

    @cursor_row.setter
    def cursor_row(self, row: int) -> None:
        self.move_cursor(row)

    def get_row(self, row_key: str | int) -> list[Text]:
        """The cells of the entry with intervention id ``row_key`` (as DataTable.get_row)."""
        index = self._find(int(row_key), self._cursor)
        if index is None:
            raise KeyError(row_key)
        entry = self._entries[index]
        _, style = STATUS_STYLE[entry.intervention.status]
        return [Text(str(index + 1), style=style), *self._cells(entry, self._now)]

    # ------------------------------------------------------------------ cursor

    def move_cursor(self, row: int, scroll: bool = True) -> None:
        """Put the cursor on entry ``row`` (clamped) and, if asked, in view."""
        row = max(0, min(row, len(self._entries) - 1))
        if row != self._cursor:
            self._refresh_row(self._cursor)
            self._cursor = row
            self._refresh_row(row)
        if scroll:
            self._scroll_to_cursor()

    @property
    def _page(self) -> int:
        """Entries visible at once (below the header)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        if self.scrollable_content_region.height <= 1:
            return
        page, top = self._page, self.scroll_offset.y
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False)

    def _refresh_row(self, index: int) -> None:
        """Repaint the line of entry ``index`` if it is on screen."""
        y = index + 1 - self.scroll_offset.y
        if 1 <= y < self.scrollable_content_region.height:
            self.refresh_line(index + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_cursor_page_up(self) -> None:
        self.scroll_to(y=self.scroll_offset.y - self._page, animate=False)
        self.move_cursor(self._cursor - self._page)

    def action_cursor_page_down(self) -> None:
        self.scroll_to(y=self.scroll_offset.y + self._page, animate=False)
        self.move_cursor(self._cursor + self._page)

    def action_cursor_first(self) -> None:
        self.move_cursor(0)

    def action_cursor_last(self) -> None:
        self.move_cursor(len(self._entries) - 1)

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index < len(self._entries):
            self.move_cursor(index)

    # ------------------------------------------------------------------ layout

    def _column_widths(self, width: int) -> tuple[int, int, int]:
        """(order, delegation, line) widths in a widget ``width`` wide: the order
        column as wide as the list's longest number, the delegation whatever
        the other columns leave (at least 12)."""
        key = (width, len(str(len(self._entries))))
        if key != self._widths[0]:
            order = max(self.FIXED[0][2], key[1])
            fixed = order + sum(w for _, _, w in self.FIXED[1:]) + 2 * self.PADDING * (len(self.FIXED) + 1)
            delegation = max(12, width - self.styles.scrollbar_size_vertical - fixed - 1)
            self._widths = (key, (order, delegation, fixed + delegation))
        return self._widths[1]

    def _resize_virtual(self) -> None:
        _, _, width = self._column_widths(self.size.width)
        size = Size(width, len(self._entries) + 1)
        old, height = self.virtual_size, self.container_size.height
        if size == old:
            return
        if (
            self.is_mounted and height and size.width == old.width and not self.show_horizontal_scrollbar
            and (size.height > height) == (old.height > height)
        ):
            # The scrollbars stay as they are: no layout of the screen, only the scrollbar's thumb moves.
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    def on_resize(self) -> None:
        self._resize_virtual()
        self.refresh()
        self._scroll_to_cursor()

    # ------------------------------------------------------------------ painting

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        order_width, delegation_width, line_width = self._column_widths(width)
        if y == 0:
            self._painted_widths = (order_width, delegation_width, line_width)
            style = self.get_component_rich_style("speakers-table--header")
            cells = [Text(self.FIXED[0][0]), Text("Delegation"), *(Text(c[0]) for c in self.FIXED[1:])]
            segments, _ = self._layout(cells, (order_width, delegation_width, *(c[2] for c in self.FIXED[1:])))
            return self._fit(Strip(Segment.apply_style(segments, style), line_width), scroll_x, width, style)
        index = scroll_y + y - 1
        if index >= len(self._entries) or self._now is None:
            self._painted[y] = None
            return Strip.blank(width, self.rich_style)

        entry = self._entries[index]
        key, body = self._body(entry, delegation_width)
        self._painted[y] = (index, key, index == self._cursor)
        number = str(index + 1)
        pad = " " * self.PADDING
        segments = [
            Segment(pad),
            Segment(number, self._style(STATUS_STYLE[entry.intervention.status][1])),
            Segment(" " * (order_width - len(number)) + pad),
            *body,
        ]
        row_style = self.get_component_rich_style(
            "speakers-table--odd-row" if index % 2 else "speakers-table--even-row"
        )
        post = None
        if index == self._cursor:
            cursor = self.get_component_rich_style("speakers-table--cursor")
            row_style += cursor
            post = Style.from_color(cursor.color, cursor.bgcolor)
        return self._fit(Strip(Segment.apply_style(segments, row_style, post), line_width), scroll_x, width, row_style)

    @staticmethod
    def _fit(strip: Strip, scroll_x: int, width: int, style: Style) -> Strip:
        """``strip`` scrolled by ``scroll_x`` and, if short, filled to ``width``
        in the row's style (so stripes and cursor span the widget). A longer
        line is cut by Textual."""
        if scroll_x:
            strip = strip.crop(scroll_x)
        return strip.extend_cell_length(width, style) if strip.cell_length < width else strip

    @staticmethod
    def _style(spec: str) -> Style:
        return Style.parse(spec) if spec else Style.null()

    def _row_key(self, entry: Entry, delegation_width: int) -> tuple[tuple, Text]:
        """Everything the cells of ``entry`` show (with the intervention id),
        and its time cell."""
        iv, p = entry.intervention, entry.participant
        assert self._now is not None
        time = self._time(entry, self._now)
        waiting = iv.status == InterventionStatus.WAITING
        key = (
            iv.id, iv.status, iv.kind, iv.reply_number, time.plain, delegation_width, entry.limit_s,
            iv.paused_since is not None,
            iv.failed_calls[-1]["kind"] if waiting and iv.failed_calls else None,
            self.spoken.get(p.id) if waiting else None,
            p.delegation, p.on_behalf_of, p.category, connected(p),
        )
        return key, time

    def _body(self, entry: Entry, delegation_width: int) -> tuple[tuple, list[Segment]]:
        """Delegation, category, time and status cells of ``entry`` (and their
        key), cached on what they show: the order number, stripe and cursor
        are laid on at paint time."""
        key, time = self._row_key(entry, delegation_width)
        cached = self._rows.get(key)
        if cached is None:
            cells = self._cells(entry, self._now, time)
            cached = self._layout(cells, (delegation_width, *(c[2] for c in self.FIXED[1:])))
            self._rows.set(key, cached)
        return key, cached[0]

    def _layout(self, cells: list[Text], widths: tuple[int, ...]) -> tuple[list[Segment], int]:
        """Cells cut (with …) or padded to ``widths``, with PADDING either side.
        The padding is unstyled, so a struck-out name is not struck past its end."""
        console = self.app.console
        pad = " " * self.PADDING
        segments: list[Segment] = []
        for cell, width in zip(cells, widths):
            cell = cell.copy()
            cell.truncate(width, overflow="ellipsis")
            segments.append(Segment(pad))
            rendered = cell.render(console)  # spans only: the cell's own style goes under them
            segments.extend(Segment.apply_style(rendered, console.get_style(cell.style)) if cell.style else rendered)
            segments.append(Segment(" " * (width - cell.cell_len) + pad))
        return list(Segment.simplify(segments)), sum(widths) + 2 * self.PADDING * len(widths)

    def _cells(self, entry: Entry, now: datetime | None, time: Text | None = None) -> list[Text]:
        """Delegation, category, time, status: Text, never markup (names are data)."""
        p, iv = entry.participant, entry.intervention
        word, style = STATUS_STYLE[iv.status]
        if iv.failed_calls and iv.status == InterventionStatus.WAITING:
            word = "absent ×1" if iv.failed_calls[-1]["kind"] == "absent" else "no link ×1"
        if iv.kind == "reply":
            word = f"reply {iv.reply_number}" + (" ✓" if iv.status == InterventionStatus.SPOKE else "")
        if iv.status == InterventionStatus.SPEAKING and iv.paused_since is not None:
            word = "‖ PAUSED"
        name = Text(overflow="ellipsis", no_wrap=True, style=style)
        if iv.status in (InterventionStatus.WAITING, InterventionStatus.SPEAKING) and connected(p):
            name.append(CONNECTED, style="bold green")  # online, checked in from its page: connected
        if iv.status == InterventionStatus.WAITING:
            times = self.spoken.get(p.id)
            if times is None:
                name.append("★ ", style="bold green")  # has not spoken yet in this meeting
            else:
                name.append(f"{times[0]}×{minutes_and_seconds(times[1])} ", style="dim")
        name.append(visible(p.delegation + (f" — for {p.on_behalf_of}" if p.on_behalf_of else "")))
        limit = limit_seconds(iv)
        return [
            name,
            Text(visible(label(p.category)), style=style, overflow="ellipsis", no_wrap=True),
            Text("untimed" if limit is None else minutes_and_seconds(limit), style="dim" if iv.status not in (
                InterventionStatus.WAITING, InterventionStatus.SPEAKING) else ""),
            time if time is not None else self._time(entry, now) if now is not None else Text(""),
            Text(word, style=style),
        ]

    @staticmethod
    def _time(entry: Entry, now: datetime) -> Text:
        """The "Used" cell: the whole seconds spoken (live while speaking) and
        any overrun past the limit in force in red ("06:08 +8s"); blank for an
        entry never given the floor."""
        iv = entry.intervention
        if iv.started_at is None:
            return Text("")
        speaking = iv.status == InterventionStatus.SPEAKING
        text = Text(minutes_and_seconds(used_seconds(iv, now)), style="bold" if speaking else "dim")
        over = overrun_seconds(iv, now)
        if over:
            text.append(f" +{over}s", style="red")
        return text
