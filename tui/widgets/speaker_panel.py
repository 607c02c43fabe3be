"""The current speaker and the large countdown of the intervention."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from models.categories import label
from models.state import Entry, FloorState, forecast
from models.tables import MeetingState
from models.timing import Phase, phase, remaining_seconds, used_seconds
from models.unstyle import minutes_and_seconds, spoken_duration, un_time
from tui.literal import literal
from tui.widgets.speakers_table import CONNECTED, connected
from tui.widgets.text import show_text

PHASE_CLASSES = {
    Phase.WARNING: "-warning",
    Phase.OVERRUN: "-overrun",
    Phase.CALL_TO_ORDER: "-overrun",
}


def _duration_words(seconds: int) -> str:
    """A warning threshold in words: 60 → "1 min", 90 → "90 s"."""
    return f"{seconds // 60} min" if seconds >= 60 and seconds % 60 == 0 else f"{seconds} s"


def _show_digits(digits: Digits, value: str, phase_class: str) -> None:
    """Set the countdown's digits and colour class, touching only what changed."""
    if digits.value != value:
        digits.update(value)
    if set(digits.classes) != ({phase_class} if phase_class else set()):
        digits.set_classes(phase_class)


class SpeakerPanel(Vertical):
    """Who has the floor (delegation, speaker, category, on behalf of, mode)
    and the countdown: normal, amber from the warning threshold, red at zero,
    then the overrun as negative time ("-00:25")."""

    DEFAULT_CSS = """
    SpeakerPanel { height: auto; padding: 0 1; }
    SpeakerPanel #timer-status { height: auto; max-height: 4; text-wrap: nowrap; text-overflow: ellipsis; }
    SpeakerPanel #speaker-details { height: auto; max-height: 4; text-wrap: nowrap; text-overflow: ellipsis; }
    SpeakerPanel #countdown { width: auto; }
    SpeakerPanel #countdown.-warning { color: $warning; text-style: bold; }
    SpeakerPanel #countdown.-overrun { color: $error; text-style: bold; }
    SpeakerPanel #forecast { height: auto; margin-top: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="speaker-details")
        yield Digits("--:--", id="countdown")
        yield Static(id="timer-status")
        yield Static(id="forecast")

    def show(self, state: FloorState, now: datetime) -> None:
        """Redraw for ``state`` at ``now`` (aware UTC)."""
        entry = state.current
        details = self.query_one("#speaker-details", Static)
        digits = self.query_one("#countdown", Digits)
        status = self.query_one("#timer-status", Static)
        settings = state.meeting.settings
        show_text(self.query_one("#forecast", Static), self._forecast(state, now))
        narrow = self.screen.has_class("-narrow")
        if entry is None:
            self.border_title = ""
            last = self._last_ended(state)
            if last is None:
                show_text(details, self._idle_text(state))
                _show_digits(digits, "--:--", "")
                show_text(status, "")
                return
            # The final time stays on the large display until the next speaker is called.
            show_text(details, self._details(last))
            iv = last.intervention
            remaining = remaining_seconds(iv, now)
            used = used_seconds(iv, now)
            _show_digits(digits, minutes_and_seconds(used if remaining is None else remaining),
                         "-overrun" if remaining is not None and remaining < 0 else "")
            line = Text()
            line.append(" ENDED ", style="bold reverse")
            line.append(" ")
            line.append(self._used(used, remaining))
            nxt = state.waiting[0].participant.delegation if state.waiting else None
            if nxt:
                line.append(" · " if narrow else "\n")
                line.append(f"n: floor to {literal(nxt)}")
            show_text(status, line)
            return
        show_text(details, self._details(entry))
        if entry.intervention.reply_number:
            self.border_title = f"Right of reply ({entry.intervention.reply_number})"
        else:
            self.border_title = ""
        iv = entry.intervention
        ph = phase(iv, now, settings.get("warning_s", 30), settings.get("grace_s", 15))
        remaining = remaining_seconds(iv, now)
        used = used_seconds(iv, now)
        _show_digits(digits, minutes_and_seconds(used if remaining is None else remaining),
                     PHASE_CLASSES.get(ph, ""))
        # What a chair must read is put first, so a narrow line cuts only the
        # raiser's subject: the point of order and its key, PAUSED, the time.
        line = Text()
        point = state.active_point
        if point is not None:
            queued = len(state.queued_points)
            line.append(" POINT OF ORDER ", style="bold black on yellow")
            line.append(" g: ruling")
            line.append(f" (+{queued} waiting)" if queued else "")
            line.append(" · " if narrow else "\n")
        if ph == Phase.WARNING:  # words, not only amber: NO_COLOR and colour-blind chairs see them too
            line.append(f" under {_duration_words(settings.get('warning_s', 30))} left ", style="bold black on yellow")
            line.append(" ")
        elif ph == Phase.CALL_TO_ORDER:
            line.append(" OVER TIME — call to order " if narrow else " OVER TIME — call the speaker to order ",
                        style="bold white on red")
            line.append(" " if narrow else "\n")
        elif ph == Phase.OVERRUN:
            line.append(" OVER TIME ", style="bold white on red")
            line.append(" ")
        if iv.paused_since is not None:
            line.append(" PAUSED ", style="bold reverse")
            line.append(" ")
        line.append(self._used(used, remaining))
        if point is not None:
            raiser = state.participant(point.participant_id)
            line.append(" · " if narrow else "\n")
            line.append(literal(f"{raiser.delegation if raiser else ''}: {point.subject}"), style="italic")
        show_text(status, line)

    @staticmethod
    def _used(used: int, remaining: int | None) -> str:
        """"used 02:20 of 04:00" (or the time elapsed of an untimed intervention)."""
        if remaining is None:
            return f"untimed · elapsed {minutes_and_seconds(used)}"
        return f"used {minutes_and_seconds(used)} of {minutes_and_seconds(remaining + used)}"

    @staticmethod
    def _last_ended(state: FloorState) -> Entry | None:
        """The intervention that ended last on the current item, while the
        meeting is in session and nobody else has been called since; else None."""
        if state.meeting.state != MeetingState.IN_SESSION or state.current is not None:
            return None
        ended = [e for e in state.entries if e.intervention.started_at is not None and e.intervention.ended_at is not None]
        if not ended:
            return None
        last = max(ended, key=lambda e: e.intervention.ended_at)
        end = last.intervention.ended_at
        for e in state.entries:  # someone called after it (absent, not connected) takes its place
            iv = e.intervention
            calls = [iv.called_at] if iv.called_at else []
            calls += [datetime.fromisoformat(c["at"]) for c in iv.failed_calls or ()]
            if any(c > end for c in calls):
                return None
        return last

    @staticmethod
    def _forecast(state: FloorState, now: datetime) -> Text:
        """Next speaker and the list's demand against the item's time left."""
        text = Text(no_wrap=True, overflow="ellipsis")
        waiting = state.waiting
        if waiting:
            nxt = waiting[0]
            text.append("Next: ", style="dim")
            text.append(literal(nxt.participant.delegation), style="bold")
            text.append("\n")
        f = forecast(state, now)
        # One fact a line, each short enough for the panel (42 columns): the
        # demand, the change-overs and their sum, then the time left against
        # that sum, so "short by" counts the change-overs shown above it.
        text.append(f"{f.waiting} waiting · need {minutes_and_seconds(f.demand_s)}")
        if f.changeovers_s:
            text.append("\n")
            text.append(f"+ {minutes_and_seconds(f.changeovers_s)} change-overs"
                        f" = {minutes_and_seconds(f.demand_s + f.changeovers_s)}", style="dim")
        if f.item_left_s is not None:
            text.append("\n")
            text.append(f"Item left {minutes_and_seconds(f.item_left_s)}")
            short = f.shortfall_with_changeovers_s
            if short is not None and short > 0:
                text.append(f" · short by {minutes_and_seconds(short)}", style="bold red")
                if f.shortfall_s is not None and f.shortfall_s <= 0:
                    text.append("\n")
                    text.append("(fits only without change-overs)", style="yellow")
            elif short is not None:
                text.append(" · fits", style="green")
            if state.meeting.state == MeetingState.ROSE and state.meeting.rose_at is not None:
                text.append("\n")  # no countdown once risen
                text.append(f"Meeting rose at {un_time(state.meeting.rose_at, state.meeting.timezone)}", style="dim")
            elif f.meeting_left_s is not None:
                text.append("\n")
                text.append(f"Meeting left {minutes_and_seconds(f.meeting_left_s)}", style="dim")
            cap = f.fitting_cap_with_changeovers_s if f.fitting_cap_with_changeovers_s is not None else f.fitting_cap_s
            if cap:
                text.append("\n")
                text.append(f"Fits at {spoken_duration(cap)} each (f)", style="yellow")
        for category, left in f.contingents_left_s.items():
            text.append("\n")
            text.append(f"{label(category)} contingent left {minutes_and_seconds(left)}", style="red" if left < 0 else "")
        item = state.item
        if item is not None and (item.list_ended_at or item.list_closed_at):
            text.append("\n")
            text.append("List ended" if item.list_ended_at else "List closed", style="bold")
        return text

    @staticmethod
    def _details(entry: Entry) -> Text:
        p = entry.participant
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(literal(p.delegation), style="bold")
        text.append("\n")
        speaker = f"{p.speaker} ({p.role})" if p.speaker and p.role else p.speaker or p.role  # UN style: "Mr. X (Minister of Justice)"
        text.append(literal(speaker) or "—")
        text.append("\n")
        text.append(literal(f"{label(p.category)} · {label(p.mode)}"), style="dim")
        if connected(p):
            text.append(f" · {CONNECTED}connected", style="green")
        if p.on_behalf_of:
            text.append("\n")
            text.append(f"on behalf of {literal(p.on_behalf_of)}", style="italic")
        return text

    @staticmethod
    def _idle_text(state: FloorState) -> Text:
        m = state.meeting
        text = Text()
        if m.state == MeetingState.SCHEDULED:
            text.append("Nobody has the floor.\n", style="bold")
            text.append("Press o to call the meeting to order.")
        elif m.state == MeetingState.ROSE:
            text.append("The meeting has risen.", style="bold")
        elif m.state == MeetingState.SUSPENDED:
            text.append("The meeting is suspended.\n", style="bold")
            text.append("Press s to resume.")
        else:
            text.append("Nobody has the floor.\n", style="bold")
            nxt = state.waiting[0].participant.delegation if state.waiting else None
            text.append(f"Press n to give the floor to {literal(nxt)}." if nxt else "The list is exhausted.")
        return text
