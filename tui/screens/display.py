"""The room's display: the countdown and the floor, for the big screen.

Opened by ``floor display MEETING`` on the database opened read-only: it
never writes (no presence row, no log row, no note). It shows, readable from
the back of the room, the countdown in large digits with the state of the
chair's screen in words as well as colour (SPEAKING, under 30 s left, OVER
TIME, PAUSED, POINT OF ORDER, SUSPENDED, ENDED, NOBODY HAS THE FLOOR…), the
speaker (delegation, name, "on behalf of"), the next three speakers, the
item, "LIST CLOSED" when it is, and the categories' time contingents left.

It follows the chair as the rapporteur's desk does: every
``FOLLOW_INTERVAL`` seconds it looks at one change marker (the newest
procedural-log row, ``models.state.procedural_log_size``) off the event loop,
and only when it moved reads what the new log rows changed
(``models.state.sync_state``); the countdown is redrawn every
``TICK_INTERVAL`` seconds from the clock, without reading. So a chair action
shows within FOLLOW_INTERVAL plus one read (well under 250 ms).

From 40×12 up it keeps, as the space shrinks, first the countdown and its
state, then the speaker, then the next speakers, then the item, list closed
and contingents (:func:`fit`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Digits, Static

from models.categories import label
from models.state import Entry, FloorState, forecast, load_state, newest_note_seq, procedural_log_size, sync_state
from models.store import Store, StoreError
from models.tables import MeetingState
from models.timing import Phase, limit_seconds, phase, remaining_seconds, used_seconds
from models.unstyle import minutes_and_seconds, un_time
from tui import faults, following
from tui.literal import literal
from tui.widgets.speaker_panel import PHASE_CLASSES, SpeakerPanel, _duration_words
from tui.widgets.text import show_text

#: Seconds between looks at the change marker (the newest procedural-log row).
FOLLOW_INTERVAL = 0.1
#: Seconds between redraws of the countdown (from the clock; no database read).
TICK_INTERVAL = 0.25
#: How many of the speakers waiting the display names.
NEXT_SPEAKERS = 3
#: Rows of Textual's ``Digits``.
DIGITS_ROWS = 3

#: The sections from the first kept to the first dropped as the screen shrinks.
PRIORITY = ("state", "countdown", "speaker", "next", "item")
#: Top to bottom on the screen.
ON_SCREEN = ("item", "countdown", "state", "speaker", "next")
#: Which sections get a blank line above them first when there is room (the
#: state stays right under its digits unless there is room for everything).
GAPS = ("speaker", "next", "countdown", "state")


def fit(forms: dict[str, Sequence[int]], height: int) -> dict[str, int]:
    """How many lines each section gets on a screen ``height`` lines high.

    ``forms``: for each section of :data:`PRIORITY`, the heights (lines) of
    the ways it can be shown, fullest first (the speaker with and without
    "on behalf of"; the next speakers one a line or on one line…). Sections
    are served in :data:`PRIORITY` order, each the fullest form that fits in
    what is left; one that no form fits gets 0 (hidden), and those after it
    still get what fits. The state line is always kept (a 1-line screen
    still says who has the floor).

    Returns: section → lines given (0: hidden).
    """
    left = max(height, 1)
    given: dict[str, int] = {}
    for name in PRIORITY:
        lines = 0
        for size in forms.get(name, ()):
            if 0 < size <= left:
                lines = size
                break
        if name == "state" and lines == 0 and forms.get(name):
            lines = 1
        given[name] = lines
        left -= lines
    return given


def gaps(given: dict[str, int], height: int) -> dict[str, int]:
    """Blank lines above each section shown (section → lines), from the room
    left over by :func:`fit`: one between two sections, in :data:`GAPS` order."""
    spare = height - sum(given.values())
    shown = [name for name in ON_SCREEN if given.get(name)]
    above: dict[str, int] = {}
    for name in GAPS:
        if spare <= 0:
            break
        if name in shown[1:]:
            above[name] = 1
            spare -= 1
    return above


def follow(store: Store, meeting_id: str, state: FloorState, log_id: int, note_seq: int) -> tuple[int, int, FloorState] | None:
    """(On the database thread.) None if no action was logged since ``log_id``;
    else the state brought up to date, reading only the rows the new log rows
    changed: (newest log id, newest note counter, state). The SQLite file is
    checked to be still the one opened (``Store.check_present``).

    Raises:
        StoreError: the file was deleted or replaced; any database error as raised.
    """
    store.check_present()
    if procedural_log_size(store, meeting_id) == log_id:
        return None
    return sync_state(store, state, log_id, note_seq)


class DisplayScreen(Screen):
    """The room's display: read-only, follows the chair, adapts from 40×12 up."""

    DEFAULT_CSS = """
    DisplayScreen { align: center middle; }
    DisplayScreen #display { height: auto; width: 100%; align-horizontal: center; }
    DisplayScreen #display Static { width: 100%; height: auto; text-align: center; text-wrap: nowrap;
                                    text-overflow: ellipsis; padding: 0 1; }
    DisplayScreen #countdown { width: 100%; text-align: center; text-style: bold; }
    DisplayScreen #countdown.-warning { color: $warning; }
    DisplayScreen #countdown.-overrun { color: $error; }
    DisplayScreen #countdown.-paused { color: $text-muted; }
    """
    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("question_mark", "app.help", "Help", id="help", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: FloorState | None = None
        self._log_id = 0
        self._note_seq = 0
        self._poll_lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield faults.DbBanner()
        with Vertical(id="display"):
            yield Static(id="item")
            yield Digits("--:--", id="countdown")
            yield Static(id="state")
            yield Static(id="speaker")
            yield Static(id="next")

    def on_mount(self) -> None:
        try:
            faults.read_now(self.app, "Reading the meeting", self._read_all)
        except StoreError as fault:  # nothing to show: say why, after the terminal is restored
            self.app.exit(return_code=fault.exit_status, message=Text(f"floor: {fault.message}"))
            return
        by_notification = following.follow(self, self.poll)  # PostgreSQL: each chair action as it commits
        self.set_interval(following.FALLBACK_POLL_S if by_notification else FOLLOW_INTERVAL, self.poll)
        self.set_interval(TICK_INTERVAL, self.tick)

    def _read_all(self) -> None:
        app = self.app
        self._log_id = procedural_log_size(app.store, app.meeting_id)  # the markers first: a change
        self._note_seq = newest_note_seq(app.store, app.meeting_id)  # made meanwhile is read again
        self.state = load_state(app.store, app.meeting_id)
        self.tick()

    async def poll(self) -> None:
        """Look at the change marker; if it moved, read what changed (on the
        app's database thread, never on the event loop) and show it."""
        if self.state is None or self._poll_lock.locked():
            return
        async with self._poll_lock:
            app = self.app
            try:
                synced = await faults.run(app, "Following the chair", follow, app.store, app.meeting_id, self.state,
                                          self._log_id, self._note_seq, write=False)
            except StoreError:
                return
            if getattr(app, "db_fault", None) is not None:
                faults.recovered(app)  # reading works again: this screen only reads
            if synced is not None and synced[0] >= self._log_id:
                self._log_id, self._note_seq, self.state = synced
                self.tick()

    def on_resize(self) -> None:
        self.tick()

    # ------------------------------------------------------------------ what is shown

    def tick(self) -> None:
        """Redraw from the state read last and the clock (no database read)."""
        if self.state is None or not self.is_mounted:
            return
        state, now = self.state, self.app.clock.now()
        value, digits_class = self._countdown(state, now)
        if self.app.no_color:  # the digits at full strength whatever the phase (the words say it), never a dim grey
            digits_class = ""
        digits = self.query_one("#countdown", Digits)
        if digits.value != value:
            digits.update(value)
        if set(digits.classes) != ({digits_class} if digits_class else set()):
            digits.set_classes(digits_class)
        lines = {
            "state": [self._state_line(state, now, no_color=self.app.no_color)],
            "speaker": self._speaker_lines(state),
            "next": self._next_lines(state),
            "item": self._item_lines(state, now),
        }
        forms = {
            "state": [1],
            "countdown": [DIGITS_ROWS],
            "speaker": list(range(len(lines["speaker"]), 0, -1)),
            "next": sorted({len(lines["next"]), 1}, reverse=True),  # one a line, or all on one line
            "item": list(range(len(lines["item"]), 0, -1)),
        }
        height = self.size.height - (self.query_one(faults.DbBanner).outer_size.height
                                     if getattr(self.app, "db_fault_text", None) else 0)
        given = fit(forms, height)
        above = gaps(given, height)
        digits.display = given["countdown"] > 0
        digits.styles.margin = (above.get("countdown", 0), 0, 0, 0)
        for name in ("state", "speaker", "next", "item"):
            widget = self.query_one(f"#{name}", Static)
            shown = given[name]
            widget.display = shown > 0
            widget.styles.margin = (above.get(name, 0), 0, 0, 0)
            if not shown:
                continue
            chosen = lines[name]
            if name == "next" and shown == 1 and len(chosen) > 1:
                chosen = [self._next_compact(state)]
            show_text(widget, Text("\n").join(chosen[:shown]))

    @staticmethod
    def _countdown(state: FloorState, now: datetime) -> tuple[str, str]:
        """The digits and their colour class: the speaker's time left (the
        overrun as negative time; an untimed one's time elapsed), the final time
        of the speaker who just ended, else "--:--"."""
        entry = state.current or SpeakerPanel._last_ended(state)
        if entry is None:
            return "--:--", ""
        iv = entry.intervention
        left, used = remaining_seconds(iv, now), used_seconds(iv, now)
        value = minutes_and_seconds(used if left is None else left)
        if state.current is None:
            return value, "-overrun" if left is not None and left < 0 else ""
        settings = state.meeting.settings
        ph = phase(iv, now, settings.get("warning_s", 30), settings.get("grace_s", 15))
        if iv.paused_since is not None and ph not in (Phase.OVERRUN, Phase.CALL_TO_ORDER):
            return value, "-paused"
        return value, PHASE_CLASSES.get(ph, "")

    @staticmethod
    def _state_line(state: FloorState, now: datetime, no_color: bool = False) -> Text:
        """The state of the floor in words (with colour as well): what the
        chair's screen says, in the order a room needs it. ``no_color`` (the
        terminal's NO_COLOR): every badge in reverse video, never a grey on grey."""
        m = state.meeting
        line = Text(no_wrap=True, overflow="ellipsis", justify="center")

        def badge(words: str, style: str) -> None:
            if line:
                line.append(" ")
            line.append(f" {words} ", style="bold reverse" if no_color else style)

        if m.state == MeetingState.SCHEDULED:
            badge("NOT YET CALLED TO ORDER", "bold reverse")
            return line
        if m.state == MeetingState.ROSE:
            badge("THE MEETING HAS RISEN", "bold reverse")
            if m.rose_at is not None:
                line.append(f" at {un_time(m.rose_at, m.timezone)}")
            return line
        if m.state == MeetingState.SUSPENDED:
            badge("SUSPENDED", "bold reverse")
            if state.open_suspension is not None:
                line.append(f" since {un_time(state.open_suspension.suspended_at, m.timezone)}")
            return line
        point = state.active_point
        if point is not None:
            badge("POINT OF ORDER", "bold black on yellow")
            raiser = state.participant(point.participant_id)
            if raiser is not None:
                line.append(" raised by ")
                line.append(literal(raiser.delegation), style="bold")
            return line
        entry = state.current
        if entry is None:
            if SpeakerPanel._last_ended(state) is not None:
                badge("ENDED", "bold reverse")
                line.append(" nobody has the floor")
            else:
                badge("NOBODY HAS THE FLOOR", "bold reverse")
            return line
        iv = entry.intervention
        settings = m.settings
        ph = phase(iv, now, settings.get("warning_s", 30), settings.get("grace_s", 15))
        if iv.paused_since is not None:
            badge("PAUSED", "bold reverse")
        elif ph in (Phase.OVERRUN, Phase.CALL_TO_ORDER):
            badge("OVER TIME", "bold white on red")
        else:
            badge("SPEAKING", "bold black on green")
        if ph == Phase.WARNING:
            badge(f"under {_duration_words(settings.get('warning_s', 30))} left", "bold black on yellow")
        elif iv.paused_since is not None and ph in (Phase.OVERRUN, Phase.CALL_TO_ORDER):
            badge("OVER TIME", "bold white on red")
        limit = limit_seconds(iv)
        line.append(f" limit {minutes_and_seconds(limit)}" if limit is not None else " untimed")
        return line

    @staticmethod
    def _speaker_lines(state: FloorState) -> list[Text]:
        """Delegation (and right of reply), speaker (function), on behalf of —
        of the speaker, or of the one who just ended; [] when nobody."""
        entry: Entry | None = state.current or SpeakerPanel._last_ended(state)
        if entry is None:
            return []
        p, iv = entry.participant, entry.intervention
        first = Text(no_wrap=True, overflow="ellipsis", justify="center")
        first.append(literal(p.delegation), style="bold")
        if iv.reply_number:
            first.append(f" — right of reply ({iv.reply_number})", style="italic")
        lines = [first]
        speaker = f"{p.speaker} ({p.role})" if p.speaker and p.role else p.speaker or p.role
        if speaker:
            lines.append(Text(literal(speaker), no_wrap=True, overflow="ellipsis", justify="center"))
        if p.on_behalf_of:
            lines.append(Text(f"on behalf of {literal(p.on_behalf_of)}", style="italic", no_wrap=True,
                              overflow="ellipsis", justify="center"))
        return lines

    @staticmethod
    def _next_lines(state: FloorState) -> list[Text]:
        """"Next speakers" and one line for each of the next three (delegation,
        on behalf of); one line when nobody is waiting."""
        waiting = state.waiting[:NEXT_SPEAKERS]
        if state.meeting.state in (MeetingState.SCHEDULED, MeetingState.ROSE):
            return []
        if not waiting:
            return [Text("Nobody else is inscribed", style="dim", no_wrap=True, overflow="ellipsis", justify="center")]
        lines = [Text("Next speakers", style="bold underline", no_wrap=True, justify="center")]
        for n, entry in enumerate(waiting, 1):
            p = entry.participant
            line = Text(f"{n}. ", no_wrap=True, overflow="ellipsis", justify="center")
            line.append(literal(p.delegation), style="bold")
            if entry.intervention.reply_number:
                line.append(f" — right of reply ({entry.intervention.reply_number})", style="italic")
            if p.on_behalf_of:
                line.append(f" (on behalf of {literal(p.on_behalf_of)})")
            lines.append(line)
        return lines

    @staticmethod
    def _next_compact(state: FloorState) -> Text:
        """The next speakers on one line: "Next: Norway · Ghana · Brazil"."""
        line = Text("Next: ", style="bold", no_wrap=True, overflow="ellipsis", justify="center")
        for n, entry in enumerate(state.waiting[:NEXT_SPEAKERS]):
            if n:
                line.append(" · ")
            line.append(literal(entry.participant.delegation))
        return line

    @staticmethod
    def _item_lines(state: FloorState, now: datetime) -> list[Text]:
        """The item, "LIST CLOSED" (or ended) when it is, and each category's
        time contingent left (``models.state.forecast``); before the call to
        order and after the meeting rose, the meeting's title."""
        item = state.item
        if state.meeting.state in (MeetingState.SCHEDULED, MeetingState.ROSE):  # the meeting's title instead
            return [Text(literal(state.meeting.title), style="bold", no_wrap=True, overflow="ellipsis", justify="center")]
        if item is None:
            return []
        first = Text(no_wrap=True, overflow="ellipsis", justify="center")
        first.append(f"Item {literal(item.number)} ", style="bold")
        first.append(literal(item.title))
        lines = [first]
        if item.list_ended_at or item.list_closed_at:
            lines.append(Text(" LIST ENDED " if item.list_ended_at else " LIST CLOSED ", style="bold reverse",
                              justify="center"))
        for category, left in forecast(state, now).contingents_left_s.items():
            line = Text(f"{label(category)} contingent left ", no_wrap=True, overflow="ellipsis", justify="center")
            line.append(minutes_and_seconds(left), style="bold red" if left < 0 else "bold")
            if left < 0:
                line.append(" (over)", style="bold")
            lines.append(line)
        return lines
