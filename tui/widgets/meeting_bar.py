"""The top bar: meeting title, current item with its time, the local clock."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from models.state import FloorState, item_used_seconds
from models.tables import MeetingState
from models.unstyle import local, minutes_and_seconds, un_time
from tui.literal import literal
from tui.widgets.text import show_text


class MeetingBar(Horizontal):
    """Two lines: title, the count of participants' pending requests and the
    clock; item, its time used and left, meeting state."""

    DEFAULT_CSS = """
    MeetingBar { height: 2; background: $boost; padding: 0 1; }
    MeetingBar #bar-left { width: 1fr; height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    MeetingBar #bar-right { width: auto; height: 2; margin-left: 2; text-align: right; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="bar-left")
        yield Static(id="bar-right")

    def show(self, state: FloorState, now: datetime) -> None:
        """Redraw for ``state`` at ``now`` (aware UTC)."""
        m = state.meeting
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(literal(m.title), style="bold")
        left.append("\n")
        item = state.item
        if m.state == MeetingState.SCHEDULED:
            left.append("Not yet called to order — press o to call the meeting to order", style="italic")
        elif item is not None:
            left.append(f"Item {literal(item.number)} ({state.item_index + 1}/{len(state.items)}) ", style="bold")
            left.append(literal(item.title))
        show_text(self.query_one("#bar-left", Static), left)

        t = local(now, m.timezone)
        right = Text(justify="right", no_wrap=True)
        if state.requests:  # participants' requests waiting for the chair (issue 12)
            n = len(state.requests)
            right.append(f" {n} request{'s' if n != 1 else ''} (Q) ", style="bold reverse")
            right.append("  ")
        right.append(f"{t.format('HH:mm:ss')} {t.format('zz')}", style="bold")
        right.append("\n")
        if m.state == MeetingState.SUSPENDED and state.open_suspension is not None:
            right.append(f"SUSPENDED since {un_time(state.open_suspension.suspended_at, m.timezone)}", style="bold reverse")
        elif m.state == MeetingState.ROSE and m.rose_at is not None:
            right.append(f"Rose at {un_time(m.rose_at, m.timezone)}", style="bold")
        elif item is not None and item.started_at is not None:
            used = item_used_seconds(item, now)
            left_s = item.allotted_s - used
            right.append(f"item {minutes_and_seconds(used)} of {minutes_and_seconds(item.allotted_s)} · ")
            right.append(f"left {minutes_and_seconds(left_s)}", style="bold red" if left_s < 0 else "bold")
        show_text(self.query_one("#bar-right", Static), right)
