"""Interruptions on the chair's screen: the process's presence and heartbeat,
the gaps it sees, and the question put to the chair.

:class:`InterruptionWatch` is the chair screen's helper: when the screen opens
it enters this process's presence row and looks for the previous chair
process's gap (a crash, ``models.procedure.interruptions.detect_crash``);
once a second it beats, ticks a ``models.clock.GapWatch`` (sleep, frozen
process, clock jump) and reads the interruptions still pending, and puts the
oldest to the chair in an :class:`InterruptionScreen`: ``d`` takes the time
off the speaker, ``k`` keeps it charged, Escape leaves it pending (asked
again with ``!`` and at the next start).

While a clock jump of the current intervention is pending, the live display
runs on the monotonic clock: it shows the wall clock less the jump, so the
countdown does not leap (the record keeps the wall-clock stamps until the
chair decides).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from models import presence
from models.clock import Gap, GapWatch
from models.procedure import chair_claim
from models.procedure.interruptions import PendingInterruption, detect_crash, pending_interruptions, record_gap
from models.store import DB_ERRORS, StoreError
from models.tables import InterruptionCause
from models.unstyle import wall
from tui import faults
from tui.literal import literal
from tui.screens.confirm import ConfirmScreen


def describe(gap: PendingInterruption, timezone: str) -> str:
    """What the chair reads: "Floor was interrupted for 16 s (from 16:44:00 to
    16:44:16) while Türkiye had the floor." (local times of the meeting)."""
    seconds = round(gap.seconds)
    who = literal(gap.delegation) or "the speaker"
    start, end = (wall(t, timezone).strftime("%H:%M:%S") for t in (gap.started_at, gap.ended_at))
    if gap.cause == InterruptionCause.CLOCK_JUMP:
        way = "forward" if seconds >= 0 else "back"
        return (f"The computer's clock was set {way} by {abs(seconds)} s (it should read {start}, it read {end}) "
                f"while {who} had the floor.")
    why = "the screen was stopped and restarted" if gap.cause == InterruptionCause.CRASH else "the computer slept or froze"
    return f"Floor was interrupted for {seconds} s (from {start} to {end}) while {who} had the floor: {why}."


class InterruptionScreen(ModalScreen[str | None]):
    """The chair decides on one interruption: dismisses with "remove" (``d``),
    "keep" (``k``) or None (Escape: later)."""

    DEFAULT_CSS = """
    InterruptionScreen { align: center middle; }
    InterruptionScreen > Vertical { width: 70; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    InterruptionScreen #interruption-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("d", "answer('remove')", "Deduct from the speaker", id="interruption_remove"),
        Binding("k", "answer('keep')", "Keep (charged)", id="interruption_keep"),
        Binding("escape", "answer(None)", "Later", id="interruption_later"),
    ]

    def __init__(self, gap: PendingInterruption, timezone: str) -> None:
        super().__init__()
        self.gap = gap
        self.text = describe(gap, timezone)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Interruption", style="bold"))
            yield Static(Text(self.text), id="interruption-text")
            yield Static(Text("d: deduct the time from the speaker · k: keep it charged · Esc: decide later (!)"),
                         id="interruption-keys")

    def action_answer(self, answer: str | None) -> None:
        """Close with the chair's answer."""
        self.dismiss(answer)


class InterruptionWatch:
    """The chair screen's presence, heartbeat and interruptions.

    Args:
        screen: the chair's screen (``tui.screens.chair.ChairScreen``: its
            ``state``, its ``chair`` to run an action; its app gives the store, the meeting, the
            clock and ``interruption_s``: the threshold in seconds, or None to
            look for no gap — tests that move a fake clock freely).
    """

    #: Seconds between heartbeats (and ticks of the gap watch).
    INTERVAL = 1.0

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.me = None  # this process's presence row
        self.gaps = None  # the GapWatch, when a threshold is set
        self.pending: list[PendingInterruption] = []
        self.dismissed: set[int] = set()  # put off with Escape in this run
        self.unrecorded: list[Gap] = []  # seen by the display, not yet recorded (next heartbeat)
        self._beating = asyncio.Lock()  # one heartbeat at a time: a gap is recorded once
        self._decisions = 0  # decisions sent; a pending list read before the latest one is stale

    @property
    def threshold_s(self) -> float | None:
        return getattr(self.screen.app, "interruption_s", None)

    def start(self) -> None:
        """On mount: enter the presence row; look for the previous chair process's gap."""
        app = self.screen.app
        now = app.clock.now()
        if self.threshold_s is not None:
            self.gaps = GapWatch(app.clock, self.threshold_s)
        try:
            self.me = presence.enter(app.store, app.meeting_id, "chair", now)
            self._claim(now)
            if self.gaps is not None:
                detect_crash(app.store, self.me, now, self.threshold_s)
                self.pending = pending_interruptions(app.store, app.meeting_id)
        except DB_ERRORS as exc:  # the banner says why; the heartbeat enters later
            faults.report(app, exc, "Recording that the chair's screen is open")
            return
        if self.gaps is not None:
            self.screen.call_after_refresh(self.ask)

    def _claim(self, now: datetime) -> None:
        """Claim the meeting for this chair's screen; if another chair's screen
        is open on it (its heartbeat is fresh), warn and ask to take over
        (``models.procedure.chair_claim``): yes takes over (logged), no quits."""
        app = self.screen.app
        other = chair_claim.other_chair(app.store, app.meeting_id, now, self.me)
        if other is None:
            chair_claim.claim(app.store, app.meeting_id, self.me)
            return
        app.store.claim = chair_claim.Warned(app.meeting_id, other)
        seen = max(0, round((now - other.seen_at).total_seconds()))
        question = "Another chair's screen is open on this meeting."
        detail = (f"On {other.host}, process {other.pid}, seen {seen} s ago. Take over? Yes: that screen can no "
                  "longer act for the chair (the take-over is in the procedural log). No: this screen closes.")

        def answered(yes: bool | None) -> None:
            if not yes:
                app.exit()
                return
            try:
                chair_claim.take_over(app.store, app.meeting_id, app.clock.now(), self.me, other, actor=app.actor)
            except DB_ERRORS as exc:
                faults.report(app, exc, "Taking over the chair")
                return
            app.notify("You took over the chair; the other screen can no longer act.", timeout=6)

        self.screen.app.push_screen(ConfirmScreen(question, detail), answered)

    def stop(self) -> None:
        """On a clean exit: this process's row goes."""
        if self.me is not None:
            try:
                presence.leave(self.screen.app.store, self.me)
            except DB_ERRORS:  # leaving anyway: the row goes stale within seconds
                pass

    async def heartbeat(self) -> None:
        """Once a second: beat, record the gaps the display saw (at once), read
        what is pending, and ask the chair about anything new."""
        async with self._beating:
            await self._beat()

    async def _beat(self) -> None:
        app = self.screen.app
        self.display_now(app.clock.now())  # a tick of the gap watch even if the display is held up
        now = app.clock.now()
        gaps = list(self.unrecorded)
        decisions = self._decisions

        def beat() -> list[PendingInterruption] | None:
            if self.me is None:  # entering failed at start (the database was failing)
                self.me = presence.enter(app.store, app.meeting_id, "chair", now)
            else:
                presence.beat(app.store, self.me, now)
            if self.gaps is None:
                return None
            for gap in gaps:
                record_gap(app.store, app.meeting_id, gap.started_at, gap.ended_at, gap.cause)
            return pending_interruptions(app.store, app.meeting_id)

        try:  # a failing heartbeat shows the banner; a working one does not clear it (write=False)
            pending = await faults.run(app, "Recording the chair's heartbeat", beat, write=False,
                                       background=True)
        except StoreError:
            return
        fresh = pending is not None and decisions == self._decisions  # else the next beat reads it again
        if fresh:
            self.pending = pending  # the recorded gaps are in it (or were not charged at all)
        self.unrecorded = [g for g in self.unrecorded if g not in gaps]
        if fresh:
            self.ask()

    def offset(self) -> timedelta:
        """What the live display takes off the wall clock: the clock jumps seen
        during the intervention being given and not decided yet (pending, or
        seen and not yet recorded), so the countdown runs on monotonic time."""
        state = self.screen.state
        current = state.current if state is not None else None
        if current is None or not (self.pending or self.unrecorded):
            return timedelta(0)
        seconds = sum(g.seconds for g in self.pending
                      if g.cause == InterruptionCause.CLOCK_JUMP and g.intervention_id == current.id)
        if current.intervention.paused_since is None:
            seconds += sum(g.seconds for g in self.unrecorded if g.cause == InterruptionCause.CLOCK_JUMP)
        return timedelta(seconds=seconds)

    def display_now(self, now: datetime) -> datetime:
        """``now`` (wall, UTC) as the live display shows it; each call is also
        a tick of the gap watch (several a second)."""
        if self.gaps is not None:
            gap = self.gaps.tick()
            if gap is not None:
                self.unrecorded.append(gap)
        return now - self.offset()

    def ask(self, again: bool = False) -> None:
        """Put the oldest pending interruption to the chair (not one put off
        with Escape unless ``again``), if the chair's screen is on top."""
        if again:
            self.dismissed.clear()
        todo = [g for g in self.pending if g.id not in self.dismissed]
        app = self.screen.app
        if not todo or app.screen is not self.screen:
            if again and not todo:
                self.screen.notify("No interruption is pending.")
            return
        gap = todo[0]

        def answered(answer: str | None) -> None:
            if answer is None:
                self.dismissed.add(gap.id)
                return
            self.pending = [g for g in self.pending if g.id != gap.id]  # the display stops offsetting it now
            self._decisions += 1
            self.screen.chair("decide_interruption", interruption_id=gap.id, remove=answer == "remove")
            self.screen.call_after_refresh(self.ask)  # the next one, if any

        app.push_screen(InterruptionScreen(gap, self.screen.state.meeting.timezone), answered)
