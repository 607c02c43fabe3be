"""The rapporteur's index: one line per item or intervention, virtualised.

A Line-API widget (``ScrollView``): it keeps only the keys of its rows in
order, asks its owner for a row's cells when the row is first painted, and
paints only the lines on screen. Adding, moving or changing one row repaints
that row (or the lines below an insertion), never the whole list, so a
meeting of 10,000 interventions costs the same to update as one of ten.

It reads like a ``DataTable`` with three fixed columns (time, who, mark) and
a row cursor: ``row_count``, ``rows`` (key → index), ``get_row_index``,
``get_row_at``, ``move_cursor(row=…)``; Enter (or a click on the highlighted
row) posts :class:`NotesIndex.RowSelected`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: A row's cells: time ("HH:mm"), who (styled), mark ("⚠", "✎" or "").
Cells = tuple[str, Text, Text]
#: The columns: header, width (a cell is padded by one space on each side).
COLUMNS: tuple[tuple[str, int], ...] = (("Time", 5), ("Who", 29), ("", 3))
ROW_WIDTH = sum(width + 2 for _, width in COLUMNS)


def _strip(cells: Iterable[Text | str], console: Console) -> Strip:
    """One line of fixed-width cells, each padded by a space on both sides."""
    segments: list[Segment] = []
    for text, (_, width) in zip(cells, COLUMNS, strict=True):
        cell = text.copy() if isinstance(text, Text) else Text(text)
        cell.truncate(width, overflow="ellipsis", pad=True)
        segments.append(Segment(" "))
        segments.extend(cell.render(console))
        segments.append(Segment(" "))
    return Strip(segments, ROW_WIDTH)


class NotesIndex(ScrollView, can_focus=True):
    """Rows by key, in the order of their sort keys; cells come from ``cells(key)``.

    Args:
        cells: returns the cells of the row with this key (called when the row
            is painted for the first time after :meth:`refresh_row`).
    """

    COMPONENT_CLASSES = {
        "notes-index--header",
        "notes-index--cursor",
        "notes-index--even-row",
    }
    DEFAULT_CSS = """
    NotesIndex {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .notes-index--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .notes-index--header { background-tint: $foreground 5%; }
        }
        &:dark > .notes-index--even-row { background: $surface-darken-1 40%; }
        & > .notes-index--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .notes-index--header { background: ansi_bright_blue; color: ansi_default; }
        & > .notes-index--even-row { background: $surface-lighten-1 50%; }
        & > .notes-index--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "Top", show=False),
        Binding("end,ctrl+end", "last", "Bottom", show=False),
    ]

    class RowSelected(Message):
        """Enter (or a click) on a row: ``key`` is the row's key."""

        def __init__(self, index: "NotesIndex", key: str, row: int) -> None:
            super().__init__()
            self.index = index
            self.key = key
            self.row = row

        @property
        def control(self) -> "NotesIndex":
            return self.index

    def __init__(self, cells: Callable[[str], Cells], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cells = cells
        self._keys: list[str] = []
        self._order: list[Any] = []  # the sort key of each row, ascending
        self._positions: dict[str, int] | None = {}
        self._strips: dict[str, Strip] = {}
        self._header: Strip | None = None
        self._styles: tuple[Style, Style, Style, Style] | None = None
        self.cursor_row = -1
        #: How often the whole list was replaced (:meth:`set_rows`): a filter, not a chair action.
        self.rebuilds = 0
        self.virtual_size = Size(ROW_WIDTH, 1)

    # ------------------------------------------------------------------ reading

    @property
    def row_count(self) -> int:
        """Rows shown."""
        return len(self._keys)

    @property
    def rows(self) -> dict[str, int]:
        """Row key → index of every row shown."""
        if self._positions is None:
            self._positions = {key: i for i, key in enumerate(self._keys)}
        return self._positions

    @property
    def keys(self) -> list[str]:
        """The keys of the rows shown, in order (do not modify)."""
        return self._keys

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row, if any."""
        return self._keys[self.cursor_row] if 0 <= self.cursor_row < len(self._keys) else None

    def get_row_index(self, key: str) -> int:
        """The index of the row with this key.

        Raises:
            KeyError: no such row shown.
        """
        return self.rows[key]

    def get_row_at(self, index: int) -> list[Any]:
        """The cells of the row at ``index``."""
        return list(self._cells(self._keys[index]))

    # ------------------------------------------------------------------ changing

    def set_rows(self, rows: Iterable[tuple[str, Any]]) -> None:
        """Show exactly ``rows`` ((key, sort key), already in order); the
        cursor stays on its row if that row is still shown."""
        keep = self.cursor_key
        pairs = list(rows)
        self._keys = [key for key, _ in pairs]
        self._order = [order for _, order in pairs]
        self._positions = None
        self.rebuilds += 1
        self._resized()
        self.cursor_row = self.rows.get(keep, 0) if keep is not None else 0
        self._clamp_cursor()
        self.refresh()

    def upsert(self, key: str, order: Any) -> None:
        """Show the row ``key`` at its place by ``order`` (added, or moved if its
        sort key changed); its cells are read again. The cursor stays on its row."""
        index = self.rows.get(key)
        if index is not None and self._order[index] == order:
            self.refresh_row(key)
            return
        keep = self.cursor_key
        if index is not None:
            del self._keys[index]
            del self._order[index]
        self._strips.pop(key, None)
        at = bisect_left(self._order, order)
        self._keys.insert(at, key)
        self._order.insert(at, order)
        if index is None and at == len(self._keys) - 1 and self._positions is not None:
            self._positions[key] = at  # appended: no other row moved
        else:
            self._positions = None
        self.cursor_row = self.rows[keep] if keep is not None else 0
        self._resized()
        self._refresh_from(at if index is None else min(at, index))

    def remove(self, key: str) -> None:
        """Stop showing the row ``key`` (nothing if it is not shown). The cursor
        stays on its row (on the next one if its row goes)."""
        index = self.rows.get(key)
        if index is None:
            return
        keep = self.cursor_key
        del self._keys[index]
        del self._order[index]
        self._positions = None
        self._strips.pop(key, None)
        if keep is not None and keep != key:
            self.cursor_row = self.rows[keep]
        self._clamp_cursor()
        self._resized()
        self._refresh_from(index)

    def refresh_row(self, key: str) -> None:
        """The row's cells changed: read them again when it is next painted."""
        if self._strips.pop(key, None) is None and key not in self.rows:
            return
        index = self.rows.get(key)
        if index is not None:
            self._refresh_index(index)

    def refresh_rows(self) -> None:
        """Every row's cells may have changed: read them again as they are painted."""
        self._strips.clear()
        self.refresh()

    def move_cursor(self, *, row: int | None = None, column: int | None = None, animate: bool = False,
                    scroll: bool = True) -> None:
        """Highlight the row at ``row`` (and scroll it into view)."""
        if row is None or not self._keys:
            return
        old = self.cursor_row
        self.cursor_row = max(0, min(row, len(self._keys) - 1))
        if old != self.cursor_row:
            self._refresh_index(old)
            self._refresh_index(self.cursor_row)
        if scroll:
            self._scroll_to_cursor(animate)

    # ------------------------------------------------------------------ helpers

    def _clamp_cursor(self) -> None:
        self.cursor_row = max(0, min(self.cursor_row, len(self._keys) - 1)) if self._keys else -1

    def _resized(self) -> None:
        self.virtual_size = Size(ROW_WIDTH, len(self._keys) + 1)

    def _refresh_index(self, index: int) -> None:
        y = index + 1 - round(self.scroll_offset.y)
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _refresh_from(self, index: int) -> None:
        y = max(1, index + 1 - round(self.scroll_offset.y))
        if y < self.size.height:
            self.refresh(Region(0, y, self.size.width, self.size.height - y))

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        if self.cursor_row < 0:
            return
        top = round(self.scroll_offset.y)
        visible = max(1, self.size.height - 1)  # lines under the header
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=animate, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=animate, immediate=True)

    # ------------------------------------------------------------------ painting

    def notify_style_update(self) -> None:
        self._styles = None
        self._header = None
        super().notify_style_update()

    def on_focus(self, event: events.Focus) -> None:
        self._styles = None
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._styles = None
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._styles is None:
            self._styles = (
                self.rich_style,
                self.get_component_rich_style("notes-index--even-row", partial=True),
                self.get_component_rich_style("notes-index--cursor", partial=True),
                self.get_component_rich_style("notes-index--header", partial=True),
            )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        base, even, cursor, header = self._styles or (Style(),) * 4
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            if self._header is None:
                self._header = _strip((Text(label) for label, _ in COLUMNS), self.app.console).apply_style(base + header)
            return self._header.extend_cell_length(width, base + header).crop(scroll_x, scroll_x + width)
        index = y - 1 + scroll_y
        if not 0 <= index < len(self._keys):
            return Strip.blank(width, base)
        key = self._keys[index]
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = _strip(self._cells(key), self.app.console)
        style = base + (cursor if index == self.cursor_row else even if index % 2 == 0 else Style())
        return strip.apply_style(style).extend_cell_length(width, style).crop(scroll_x, scroll_x + width)

    # ------------------------------------------------------------------ keys and mouse

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + max(1, self.size.height - 2))

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, key, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = event.y - 1 + round(self.scroll_offset.y)
        if not 0 <= index < len(self._keys):
            return
        already = index == self.cursor_row
        self.move_cursor(row=index)
        if already:
            self.action_select_cursor()
