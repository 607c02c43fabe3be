"""Participants' pending requests for the floor on the chair's screen (issue 12).

A compact panel under the meeting bar, shown only while requests wait for
the chair: who asks (delegation, on behalf of), for what (a place on the
list of item N, the right of reply, a point of order and its subject),
whether the request is late, and how long ago it came. The keys that decide
are the chair's screen's (``tui.screens.chair``): A accepts the oldest, D
declines it with a reason, Q lists them all. Names and subjects are data:
every one goes through :func:`tui.literal.plain`, never markup.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from models.procedure.common import name_of
from models.procedure.floor_requests import KIND_LABELS
from models.state import FloorState
from models.tables import FloorRequest, RequestKind
from models.unstyle import visible
from tui.widgets.text import show_text

#: What the panel's first line says the keys do.
KEYS = "A: accept the oldest · D: decline it · Q: choose · L: late requests accepted automatically"


def ago(then: datetime | None, now: datetime) -> str:
    """How long before ``now`` (aware UTC) ``then`` was, as a chair reads it:
    "just now" (under 10 s), "40 s ago", "3 min ago", "1 h 5 min ago"."""
    if then is None:
        return ""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 10:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min ago"
    return f"{minutes // 60} h {minutes % 60} min ago"


def who(state: FloorState, request: FloorRequest) -> str:
    """The requesting participant as the log names it: "Brazil (on behalf of GRULAC)"."""
    p = state.participant(request.participant_id)
    return name_of(p) if p is not None else "a participant no longer on the roster"


def what(state: FloorState, request: FloorRequest) -> str:
    """What ``request`` asks for: "a place on the list of item 3", "the right
    of reply (item 3)", "a point of order (item 3): <subject>"."""
    item = next((i for i in state.items if i.id == request.item_id), None)
    number = item.number if item is not None else "?"
    if request.kind == RequestKind.STATEMENT:
        return f"a place on the list of item {number}"
    text = f"{KIND_LABELS[request.kind]} (item {number})"
    return f"{text}: {request.subject}" if request.subject else text


def request_line(state: FloorState, request: FloorRequest, now: datetime) -> Text:
    """One request on one line: who, what, "late" and how long ago, as Text (never markup)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(visible(who(state, request)), style="bold")
    line.append(" — ")
    line.append(visible(what(state, request)))
    if request.late:
        line.append(" · ")
        line.append("late", style="bold")
    line.append(f" · {ago(request.requested_at, now)}", style="dim")
    return line


class RequestsPanel(Static):
    """The pending requests, oldest first: a title line with their count and
    the keys, then at most ``rows`` requests and how many more; with
    ``rows=1`` (the compact layout) one line: the count and the oldest.
    Hidden while none waits."""

    DEFAULT_CSS = """
    RequestsPanel { display: none; height: auto; padding: 0 1; background: $warning 15%; border-left: thick $warning;
                    text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def show(self, state: FloorState, now: datetime, rows: int = 3) -> None:
        """Redraw for ``state`` at ``now`` (aware UTC); ``rows``: requests shown at most."""
        requests = state.requests
        self.display = bool(requests)
        if not requests:
            return
        text = Text(no_wrap=True, overflow="ellipsis")
        n = len(requests)
        count = f"{n} request{'s' if n != 1 else ''}"
        if rows <= 1:
            text.append(f"{count} (A accept · D decline · Q all): ", style="bold")
            text.append_text(request_line(state, requests[0], now))
            show_text(self, text)
            return
        text.append(f"{count} for the floor", style="bold")
        text.append(f" — {KEYS}", style="dim")
        for request in requests[:rows]:
            text.append("\n")
            text.append_text(request_line(state, request, now))
        if n > rows:
            text.append(f"\n… and {n - rows} more (Q)", style="italic")
        show_text(self, text)
