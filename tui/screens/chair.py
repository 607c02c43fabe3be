"""The chair's screen: the meeting bar, the speaker and countdown, the
speakers list, the notes, and one key per chair action."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from models import procedure
from models.state import Entry, FloorState, load_state
from models.store import DB_ERRORS, StoreError
from models.tables import InterventionStatus, MeetingState
from tui import faults, following
from tui.screens.interruption import InterruptionWatch
from tui.widgets.meeting_bar import MeetingBar
from tui.widgets.notes import NotesArea
from tui.widgets.requests_panel import RequestsPanel, what, who
from tui.widgets.speaker_panel import SpeakerPanel
from tui.widgets.speakers_table import SpeakersTable

#: Chair actions after which the database is backed up (``FloorApp.backup_soon``):
#: the item changes, from the call to order to the rising.
BACKUP_AFTER = frozenset({"called_to_order", "item_opened", "rose"})


class ChairScreen(Screen):
    """Runs the room: every chair action is one key, one transaction.

    Plain keys act only while the focus is outside the notes (typing notes
    never triggers an action); F5 (next speaker) and F6 (pause) work from
    anywhere. Escape leaves the notes.
    """

    BINDINGS = [
        Binding("n", "next_speaker", "Next", id="next_speaker", tooltip="Give the floor to the next speaker (ends the current intervention)"),
        Binding("f5", "next_speaker", "Next speaker (from anywhere)", id="next_speaker_anywhere", show=False, priority=True),
        Binding("space", "toggle_pause", "Pause", id="pause", tooltip="Pause or resume the countdown (pauses are not charged)"),
        Binding("f6", "toggle_pause", "Pause/resume (from anywhere)", id="pause_anywhere", show=False, priority=True),
        Binding("e", "end_intervention", "End", id="end_intervention", tooltip="End the current intervention"),
        Binding("i", "inscribe", "Inscribe", id="inscribe", tooltip="Inscribe a participant on this item's list (type-ahead)"),
        Binding("a", "absent", "Absent", id="absent", tooltip="The speaker just called is absent: move back (twice: not present)"),
        Binding("c", "not_connected", "Not connected: move back", id="not_connected", show=False),
        Binding("plus,equals_sign", "add_time", "+30 s", id="add_time", show=False),
        Binding("minus", "remove_time", "−30 s", id="remove_time", show=False),
        Binding("w", "withdraw", "Withdraw selected", id="withdraw", show=False),
        Binding("u", "move_up", "Move selected up", id="move_up", show=False),
        Binding("d", "move_down", "Move selected down", id="move_down", show=False),
        Binding("right_square_bracket", "next_item", "Next item", id="next_item", show=False),
        Binding("left_square_bracket", "previous_item", "Previous item", id="previous_item", show=False),
        Binding("o", "call_to_order", "Call to order", id="call_to_order", show=False),
        Binding("s", "suspend_or_resume", "Suspend/resume meeting", id="suspend", show=False),
        Binding("r", "rise", "The meeting rises", id="rise", show=False),
        Binding("p", "point_of_order", "Point of order", id="point_of_order", show=False,
                tooltip="A participant raises a point of order: the countdown pauses (F7 from anywhere)"),
        Binding("f7", "point_of_order", "Point of order (from anywhere)", id="point_of_order_anywhere", show=False, priority=True),
        Binding("g", "ruling", "Ruling", id="ruling", show=False,
                tooltip="Give the ruling on the point of order being heard; the next point, or the speaker, resumes"),
        Binding("y", "right_of_reply", "Right of reply", id="right_of_reply", show=False,
                tooltip="A delegation asks for the right of reply (heard after the list)"),
        Binding("l", "toggle_list", "Close/reopen list", id="toggle_list", show=False,
                tooltip="Close the speakers list (later requests refused unless overridden), or reopen it"),
        Binding("E", "end_list", "End the list", id="end_list", show=False,
                tooltip="End the speakers list: those still waiting are not reached (replies may follow)"),
        Binding("m", "limits", "Time limits", id="limits", show=False,
                tooltip="Change the time limit of everyone still waiting (a cap, or one category)"),
        Binding("f", "fit", "Fit the list", id="fit", show=False,
                tooltip="Apply the largest per-speaker limit that makes the list fit the item's time"),
        Binding("z", "undo", "Undo", id="undo", show=False,
                tooltip="Undo the last chair action (again: the one before); asks first"),
        Binding("v", "view_log", "Procedural log", id="view_log", show=False, tooltip="Show the procedural log"),
        Binding("h", "series", "Series", id="series", show=False,
                tooltip="The series of meetings: past meetings, and search of their notes and chair's summaries (/)"),
        Binding("b", "agenda", "Agenda", id="agenda", show=False,
                tooltip="Agenda amendments: add, retitle, change allotted time, reorder items to come"),
        Binding("O", "override_inscribe", "Inscribe (override)", id="override_inscribe", show=False,
                tooltip="Inscribe despite a closed list or a duplicate (the Chair's override, logged)"),
        Binding("t", "take_notes", "Notes", id="take_notes", show=False),
        Binding("x", "export", "Export", id="export", show=False,
                tooltip="Export minutes (Markdown, HTML, Word, text), CSV, JSON or the chair's summary to a folder"),
        Binding("S", "statistics", "Statistics", id="statistics", show=False,
                tooltip="Speaking-time statistics by category and mode, with bars"),
        Binding("R", "roster", "Attendance", id="roster", show=False,
                tooltip="Take attendance on the roster: Space marks a delegation present (in person or online) or not, m switches"),
        Binding("ctrl+r", "retry", "Retry the failed action", id="retry", show=False, priority=True,
                tooltip="Retry the chair action the database failed to record, as of its key press"),
        Binding("K", "contingent", "Contingent", id="contingent", show=False,
                tooltip="Set, add to, subtract from or reset a category's time contingent, or share out its overrun"),
        Binding("A", "accept_request", "Accept request", id="accept_request", show=False,
                tooltip="Accept the oldest of the participants' pending requests (a place on the list, a reply, a point of order)"),
        Binding("D", "decline_request", "Decline request", id="decline_request", show=False,
                tooltip="Decline the oldest pending request, with a reason its participant's page shows (Enter: none; Esc: cancel)"),
        Binding("Q", "requests", "Requests", id="requests", show=False,
                tooltip="The participants' pending requests: choose one, Enter accepts it, Backspace declines it with a reason"),
        Binding("L", "auto_accept", "Late requests automatic", id="auto_accept", show=False,
                tooltip="This item's late requests for the floor: accept them automatically, or bring them to the Chair again"),
        Binding("exclamation_mark", "interruptions", "Interruptions pending", id="interruptions", show=False,
                tooltip="Decide on an interruption (crash, sleep, clock jump) put off with Esc"),
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    #: What the marks of the speakers list mean (shown under the keys by the help screen).
    LEGEND = ("\nIn the speakers list: ● before a delegation: it takes part online and checked in from its page "
              "(connected); ★ it has not yet spoken in this meeting; 2×7:30 it spoke twice, 7 min 30 s in all.\n"
              "Participants' requests for the floor wait in the panel under the meeting bar (their count beside "
              "the clock): A accepts the oldest, D declines it with a reason, Q lists them all, L has this item's "
              "late requests accepted automatically.")

    #: Seconds between looks for another screen's changes (the change markers).
    WATCH_INTERVAL = 0.15
    #: Seconds at least between two toasts about new requests for the floor.
    TOAST_EVERY_S = 5

    def __init__(self) -> None:
        super().__init__()
        self.state: FloorState | None = None
        self._log_id = 0  # the newest procedural-log row the state includes
        self._note_seq = 0  # the newest note save the state includes
        self._acting = 0  # chair actions on their way to the database
        # The chair action the database failed to record: (action, key-press instant, arguments).
        self._failed: tuple[str, Any, dict[str, Any]] | None = None
        self.interruptions = InterruptionWatch(self)  # presence, heartbeat, gaps (tui/screens/interruption.py)
        self._requests_seen: set[int] | None = None  # pending requests already announced (None: none read yet)
        self._requests_told_at = None  # when the last toast about new requests was shown (the meeting's clock)
        self._requests_checked: list | None = None  # the pending list last looked at for new requests

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield faults.DbBanner()
        yield Static(id="taken-over")  # another chair's screen took over: says so until this one quits
        yield MeetingBar(id="meeting-bar")
        yield Static(id="announcement")
        yield RequestsPanel(id="requests")
        with Horizontal(id="floor"):
            yield SpeakerPanel(id="speaker-panel")
            yield SpeakersTable(id="speakers")
        with Horizontal(id="notes-row"):
            yield NotesArea(self._save_intervention_notes, id="intervention-notes")
            yield NotesArea(self._save_item_notes, id="item-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#intervention-notes", NotesArea).border_subtitle = "t: notes · Esc: leave"
        try:
            faults.read_now(self.app, "Reading the meeting", self.reload)
        except StoreError as fault:  # nothing to show: say why, after the terminal is restored
            self.app.exit(return_code=fault.exit_status, message=Text(f"floor: {fault.message}"))
            return
        if self.app.startup_note:
            self.notify(self.app.startup_note, timeout=10)
        self.query_one(SpeakersTable).focus()
        self.set_interval(self.app.refresh_interval, self.tick)
        by_notification = following.follow(self, self.watch_others)  # PostgreSQL: other screens' changes at once
        self.set_interval(following.FALLBACK_POLL_S if by_notification else self.WATCH_INTERVAL, self.watch_others)
        self.set_interval(1.0, self.watch_presence)
        self.interruptions.start()
        self.set_interval(InterruptionWatch.INTERVAL, self.interruptions.heartbeat)

    def on_unmount(self) -> None:
        self.interruptions.stop()

    def _sync(self) -> tuple[int, int, FloorState]:
        """(On the database thread.) Bring the state up to date with every
        action logged and every note saved since it was read — from this screen
        or another — reading only the rows they changed (``models.state.sync_state``)."""
        from models.state import sync_state

        assert self.state is not None
        return sync_state(self.app.store, self.state, self._log_id, self._note_seq)

    async def watch_others(self) -> None:
        """Several times a second: did another screen act or save notes? Then
        read what changed (the newest log id and note counter are the markers).
        Skipped while this screen's own action is on its way (it syncs after it)."""
        if self.state is None or self._acting:
            return
        from models.state import newest_note_seq, procedural_log_size

        app = self.app

        def sync_if_changed() -> tuple[int, int, FloorState] | None:
            markers = procedural_log_size(app.store, app.meeting_id), newest_note_seq(app.store, app.meeting_id)
            return None if markers == (self._log_id, self._note_seq) else self._sync()

        try:
            synced = await faults.run(app, "Reading the other screens' changes", sync_if_changed, write=False)
        except StoreError:
            return
        if synced is not None:
            self._apply(*synced)
            claim = getattr(app.store, "claim", None)
            if claim is not None and not self.query_one("#taken-over", Static).display:
                try:
                    lost = await faults.run(app, "Checking the chair's claim", _claim_lost, app.store, claim,
                                            write=False)
                except StoreError:
                    return
                if lost:
                    self.show_taken_over(lost)

    def show_taken_over(self, text: str) -> None:
        """Say, in a line that stays, that another chair's screen took over
        (``models.procedure.chair_claim``): this screen's actions are refused."""
        line = self.query_one("#taken-over", Static)
        said = text.removeprefix("Refused: ")
        line.update(Text(said[:1].upper() + said[1:]))
        line.display = True

    def _apply(self, log_id: int, note_seq: int, state: FloorState) -> None:
        if log_id < self._log_id:
            return  # an older read finished late
        self._log_id, self._note_seq = log_id, note_seq
        if state is not self.state:
            self.reload(state)

    def watch_presence(self) -> None:
        """Once a second: is the database file still there (else a banner that
        stays)? Is the rapporteur's desk open? Then these notes are read-only
        and show what the rapporteur writes."""
        from models.presence import is_present

        app = self.app
        try:
            app.store.check_present()
            rapporteur = faults.read_now(app, "Looking for the rapporteur's desk", is_present, app.store,
                                         app.meeting_id, "rapporteur", app.clock.now())
        except StoreError as fault:
            if fault.kind == "gone":
                faults.report(app, fault, "Keeping the record")
            return
        final = self.state is not None and self.state.meeting.record_status == "final"
        locked = rapporteur or final
        for notes in self.query(NotesArea):
            if notes.read_only != locked:
                notes.read_only = locked
                notes.border_subtitle = ("read-only: the record is final" if final else
                                         "read-only: the rapporteur's desk is open" if rapporteur else
                                         "t: notes · Esc: leave" if notes.id == "intervention-notes" else "")

    async def on_screen_resume(self) -> None:
        """Back from a dialog or another screen: catch up with what changed."""
        if self.state is not None:
            try:
                self._apply(*await faults.run(self.app, "Reading the meeting", self._sync, write=False))
            except StoreError:
                pass

    # ------------------------------------------------------------------ display

    @property
    def now(self):
        return self.app.clock.now()

    def reload(self, state: FloorState | None = None) -> None:
        """Take ``state`` (or read the meeting again, the roster excepted) and redraw."""
        if state is None:
            from models.state import newest_note_seq, procedural_log_size

            app = self.app
            self._log_id = procedural_log_size(app.store, app.meeting_id)
            self._note_seq = newest_note_seq(app.store, app.meeting_id)
            state = load_state(app.store, app.meeting_id, participants=self.state.participants if self.state else None)
        self.state = state
        self._bind_notes()
        self.tick()

    def tick(self) -> None:
        """Redraw what moves with time; several times a second."""
        if self.state is None:
            return
        now = self.interruptions.display_now(self.now)
        self.query_one(SpeakersTable).spoken = self.state.spoken
        self.query_one(MeetingBar).show(self.state, now)
        self._show_announcement()
        self._announce_requests(now)
        self.query_one(RequestsPanel).show(self.state, now, rows=1 if self.has_class("-narrow") else 3)
        self.query_one(SpeakerPanel).show(self.state, now)
        self.query_one(SpeakersTable).show(self.state.entries, now)

    def _notes_target(self) -> Entry | None:
        """The intervention the notes belong to: the one being given, else the
        last one given under this item (so the rapporteur can finish)."""
        assert self.state is not None
        if self.state.current is not None:
            return self.state.current
        spoken = [e for e in self.state.entries if e.intervention.status == InterventionStatus.SPOKE]
        return spoken[-1] if spoken else None

    def _bind_notes(self) -> None:
        assert self.state is not None
        notes = self.query_one("#intervention-notes", NotesArea)
        target = self._notes_target()
        target_id = target.id if target else None
        if notes.read_only and target is not None and target_id == notes.target_id:
            notes.show_saved(target.notes)  # what the rapporteur's desk saved
        if target_id != notes.target_id or not notes.border_title:
            if target is None:
                notes.bind_to(None, "", "Notes: nobody has spoken yet")
            else:
                p = target.participant
                notes.bind_to(target.id, target.notes, f"Notes — {p.delegation}")
        item_notes = self.query_one("#item-notes", NotesArea)
        item = self.state.item
        if item is None:
            if item_notes.target_id is not None or not item_notes.border_title:
                item_notes.bind_to(None, "", "Item notes")
        elif item.id != item_notes.target_id or not item_notes.border_title:
            item_notes.bind_to(item.id, self.state.item_notes, f"Item {item.number} notes")

    async def _save_intervention_notes(self, intervention_id: int, text: str):
        """Save the intervention's notes over the text they were typed on (merged with a newer one)."""
        typed_on = self.query_one("#intervention-notes", NotesArea).saving_typed_on
        return await faults.run(self.app, "Saving the notes", procedure.save_notes, self.app.store, intervention_id,
                                text, self.now, None, typed_on, hint=_NOTES_KEPT)

    async def _save_item_notes(self, item_id: int, text: str):
        """Save the item's notes over the text they were typed on (merged with a newer one)."""
        typed_on = self.query_one("#item-notes", NotesArea).saving_typed_on
        return await faults.run(self.app, "Saving the item's notes", procedure.save_item_notes, self.app.store,
                                item_id, text, self.now, typed_on, hint=_NOTES_KEPT)

    async def flush_notes(self) -> None:
        """Save both notes fields now (at quit, speaker change, export)."""
        for notes in self.query(NotesArea):
            await notes.flush()

    # ------------------------------------------------------------------ running actions

    def chair(self, action: str, at=None, **kwargs: Any) -> None:
        """Run one chair action (a ``models.procedure`` function) off the event
        loop, at the instant the key was pressed (``at``, if a dialog came
        between), then redraw.

        If the database failed to record this very action (same action, same
        arguments) and it has not been recorded since, pressing its key again
        retries it as of the first key press."""
        now = at or self.now
        if self._failed is not None and self._failed[0] == action and self._failed[2] == kwargs:
            now = self._failed[1]
        self._run_action(action, now, kwargs)

    def action_retry(self) -> None:
        """Retry the chair action the database failed to record, as of its key press."""
        if self._failed is None:
            self.notify("There is no failed action to retry.", severity="warning")
            return
        action, now, kwargs = self._failed
        self._run_action(action, now, kwargs)

    @work(group="chair")
    async def _run_action(self, action: str, now, kwargs: dict[str, Any]) -> None:
        app = self.app
        fn = procedure.ACTIONS[action]

        def run():
            entry = fn(app.store, app.meeting_id, now, actor=app.actor, **kwargs)
            try:  # the action is committed: a failed read must not make it look failed (and retried)
                return entry, self._sync(), None
            except DB_ERRORS as exc:
                return entry, None, exc

        self._acting += 1
        try:
            entry, synced, read_error = await faults.run(app, _doing(action), run, hint=_retry_hint(now, self.state))
        except procedure.ProcedureError as exc:
            self._failed = None
            self.notify(str(exc), severity="warning", timeout=4)
            if "took over" in str(exc):
                self.show_taken_over(str(exc))
            return
        except StoreError:  # the banner says what happened; nothing on screen changes
            self._failed = (action, now, kwargs)
            return
        finally:
            self._acting -= 1
        self._failed = None
        if read_error is not None:
            faults.report(app, read_error, "Reading the meeting after the action")
            return
        if entry.accepted and entry.action in BACKUP_AFTER:
            app.backup_soon(entry.action)
        if not entry.accepted:
            hint = OVERRIDE_HINT.get((entry.action, (entry.detail or {}).get("reason")), "")
            self.notify(entry.summary + hint, severity="warning", timeout=6 if hint else 4)
        elif entry.action == "called_to_order" and "note:" in entry.summary:
            self.notify(entry.summary, severity="warning", timeout=8)
        elif entry.action in _SAID:
            self.notify(entry.summary, timeout=4)
        self._apply(*synced)

    def _selected(self) -> int | None:
        return self.query_one(SpeakersTable).selected_id

    # ------------------------------------------------------------------ actions (keys)

    def action_call_to_order(self) -> None:
        """Call the meeting to order (first item opens)."""
        self.chair("call_to_order")

    def action_next_speaker(self) -> None:
        """Give the floor to the next speaker; ends the current intervention."""
        assert self.state is not None
        waiting = self.state.waiting
        self.chair("give_floor", expected_next_id=waiting[0].id if waiting else None)

    def action_end_intervention(self) -> None:
        """End the current intervention."""
        self.chair("end_intervention")

    def action_toggle_pause(self) -> None:
        """Pause the countdown, or resume it (pauses are not charged)."""
        assert self.state is not None
        current = self.state.current
        if current is not None and current.intervention.paused_since is not None:
            self.chair("resume_countdown")
        else:
            self.chair("pause")

    def action_add_time(self) -> None:
        """Give the current speaker 30 seconds more."""
        self.chair("adjust_time", delta_s=30)

    def action_remove_time(self) -> None:
        """Take 30 seconds from the current speaker's limit."""
        self.chair("adjust_time", delta_s=-30)

    def action_absent(self) -> None:
        """The speaker just called is absent: move back (twice: not present)."""
        self.chair("speaker_absent", kind="absent")

    def action_not_connected(self) -> None:
        """The online speaker just called cannot be connected: move back."""
        self.chair("speaker_absent", kind="not_connected")

    def action_withdraw(self) -> None:
        """Withdraw the selected waiting speaker."""
        selected = self._selected()
        if selected is not None:
            self.chair("withdraw", intervention_id=selected)

    def action_move_up(self) -> None:
        """Move the selected waiting speaker one place up."""
        self._move(-1)

    def action_move_down(self) -> None:
        """Move the selected waiting speaker one place down."""
        self._move(1)

    def _move(self, delta: int) -> None:
        selected = self._selected()
        if selected is None:
            return
        self.chair("move", intervention_id=selected, delta=delta)  # the cursor stays on the moved speaker

    def action_next_item(self) -> None:
        """Close this item and take up the next (asks first if someone has the floor)."""
        self._change_item(1)

    def action_previous_item(self) -> None:
        """Go back to the previous item (asks first if someone has the floor)."""
        self._change_item(-1)

    def _change_item(self, step: int) -> None:
        from tui.screens.confirm import ConfirmScreen

        assert self.state is not None
        current = self.state.current
        waiting = [e for e in self.state.waiting if e.intervention.kind == "statement"]
        held = self.state.meeting.settings.get("right_of_reply", {}).get("heard_at") == "meeting_end"
        replies = [] if held else [e for e in self.state.waiting if e.intervention.kind == "reply"]
        if current is None and not waiting and not replies:
            self.chair("go_to_item", step=step)
            return
        detail = []
        if current is not None:
            detail.append(f"{current.participant.delegation} has the floor; the intervention ends now.")
        if waiting:
            shown = _names(waiting[:5]) + (f" and {len(waiting) - 5} more" if len(waiting) > 5 else "")
            detail.append(f"{len(waiting)} speaker(s) still wait on this item's list: {shown}.")
        if replies:
            detail.append(f"{len(replies)} right(s) of reply will not be heard: {_names(replies)}.")
        self.app.push_screen(
            ConfirmScreen(f"{'Next' if step > 0 else 'Previous'} item?", " ".join(detail)),
            lambda yes: yes and self.chair("go_to_item", step=step, **({"confirmed": True} if replies else {})),
        )

    def action_suspend_or_resume(self) -> None:
        """Suspend the meeting, or resume it."""
        assert self.state is not None
        self.chair("resume" if self.state.meeting.state == MeetingState.SUSPENDED else "suspend")

    def action_rise(self) -> None:
        """The meeting rises (asks first)."""
        from tui.screens.confirm import ConfirmScreen

        assert self.state is not None
        if self.state.meeting.state in (MeetingState.SCHEDULED, MeetingState.ROSE):
            self.notify("The meeting is not in session.", severity="warning")
            return

        from models.state import speakers_waiting
        from models.store import StoreError
        from tui import faults

        replies = [e for e in self.state.waiting if e.intervention.kind == "reply"]
        try:  # on any item, as the rising records them
            waiting = faults.read_now(self.app, "Reading the speakers lists", speakers_waiting, self.app.store,
                                      self.state.meeting.id)
        except StoreError:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.chair("rise", **({"confirmed": True} if replies else {}))

        detail = []  # only what the rising changes: no word of speakers when none waits
        if waiting:
            who = "1 speaker still waiting" if waiting == 1 else f"{waiting} speakers still waiting"
            detail.append(f"{who} on the speakers lists will be recorded as not reached.")
        if replies:
            detail.append(f"{len(replies)} right(s) of reply will not be heard: {_names(replies)}.")
        if self.state.requests:
            n = len(self.state.requests)
            whose = "1 participant's request" if n == 1 else f"{n} participants' requests"
            detail.append(f"{whose} for the floor still pending will be declined (the meeting rose before it was taken up).")
        self.app.push_screen(ConfirmScreen("The meeting rises?", " ".join(detail)), answer)

    def action_inscribe(self) -> None:
        """Inscribe a participant on the current item's list (type-ahead)."""
        from tui.screens.inscribe import InscribeScreen

        assert self.state is not None

        def chosen(key: str | None) -> None:
            if key:
                self.chair("inscribe", participant_key=key)

        self.app.push_screen(InscribeScreen(self.state.participants), chosen)

    def action_override_inscribe(self) -> None:
        """Inscribe with the Chair's override (closed list, duplicate)."""
        from tui.screens.inscribe import InscribeScreen

        assert self.state is not None
        self.app.push_screen(
            InscribeScreen(self.state.participants, title="Inscribe by the Chair's override"),
            lambda key: key and self.chair("inscribe", participant_key=key, override=True),
        )

    def action_point_of_order(self) -> None:
        """A participant raises a point of order (who, and its subject)."""
        from tui.screens.inscribe import InscribeScreen

        assert self.state is not None
        pressed = self.now  # the speaker is interrupted now, not when the dialog closes

        def chosen(answer: str | None) -> None:
            if answer:
                key, _, subject = answer.partition("\t")
                self.chair("raise_point_of_order", at=pressed, participant_key=key, subject=subject)

        self.app.push_screen(
            InscribeScreen(self.state.participants, title="Point of order raised by", ask_subject=True), chosen
        )

    def action_ruling(self) -> None:
        """Record the chair's ruling on the point of order being heard."""
        from tui.screens.prompt import TextPrompt

        assert self.state is not None
        point = self.state.active_point
        if point is None:
            self.notify("No point of order is being heard.", severity="warning")
            return
        raiser = self.state.participant(point.participant_id)
        self.app.push_screen(
            TextPrompt(f"Ruling on the point of order of {raiser.delegation if raiser else ''}: {point.subject}", allow_empty=True),
            lambda ruling: ruling is not None and self.chair("rule_on_point_of_order", ruling=ruling),
        )

    def action_right_of_reply(self) -> None:
        """A delegation asks for the right of reply."""
        from tui.screens.inscribe import InscribeScreen

        assert self.state is not None
        self.app.push_screen(
            InscribeScreen(self.state.participants, title="Right of reply requested by"),
            lambda key: key and self.chair("request_reply", participant_key=key),
        )

    def _announce_requests(self, now) -> None:
        """A toast, which takes no focus, when participants' requests come in:
        one new request by name, several by their count; at most one toast
        every ``TOAST_EVERY_S`` (the count stays in the meeting bar and the
        requests panel meanwhile). Requests already waiting when the screen
        opens are told once, by their count."""
        assert self.state is not None
        requests = self.state.requests
        if requests is self._requests_checked:
            return
        if self._requests_seen is None:
            self._requests_seen, self._requests_checked = {r.id for r in requests}, requests
            if requests:
                n = len(requests)
                self.notify(f"{n} request{'s' if n != 1 else ''} for the floor {'wait' if n != 1 else 'waits'} for the "
                            "Chair's decision (Q).", timeout=6)
            return
        new = [r for r in requests if r.id not in self._requests_seen]
        told = self._requests_told_at
        if new and told is not None and 0 <= (now - told).total_seconds() < self.TOAST_EVERY_S:
            return  # told a moment ago: these wait for the next toast
        self._requests_checked = requests
        if not new:
            return
        self._requests_seen.update(r.id for r in new)
        self._requests_told_at = now
        if len(new) == 1:
            r = new[0]
            late = " (late)" if r.late else ""
            self.notify(f"{who(self.state, r)} asks for {what(self.state, r)}{late}. A: accept · D: decline · Q: all",
                        title="Request for the floor", timeout=6)
        else:
            names = ", ".join(dict.fromkeys(who(self.state, r) for r in new[:3])) + (" …" if len(new) > 3 else "")
            self.notify(f"{len(new)} new requests for the floor: {names}. Q: decide", title="Requests for the floor",
                        timeout=6)

    def _oldest_request(self):
        """The oldest pending request, or None (and the chair is told none waits)."""
        assert self.state is not None
        if not self.state.requests:
            self.notify("No request for the floor is waiting.", severity="warning")
            return None
        return self.state.requests[0]

    def action_accept_request(self) -> None:
        """Accept the oldest pending request (``models.procedure.accept_request``)."""
        request = self._oldest_request()
        if request is not None:
            self.chair("accept_request", request_id=request.id)

    def action_decline_request(self) -> None:
        """Decline the oldest pending request, with a reason (asked first)."""
        request = self._oldest_request()
        if request is not None:
            self._decline(request)

    def _decline(self, request) -> None:
        """Ask the reason (Enter with none is allowed; Esc cancels), then decline ``request``."""
        from tui.screens.prompt import TextPrompt

        assert self.state is not None
        question = (f"Decline the request of {who(self.state, request)} for {what(self.state, request)}? "
                    "The reason, shown on its page (Enter: no reason · Esc: cancel):")
        self.app.push_screen(
            TextPrompt(question, placeholder="e.g. The list of speakers is closed", allow_empty=True),
            lambda reason: reason is not None and self.chair("decline_request", request_id=request.id, reason=reason),
        )

    def action_requests(self) -> None:
        """List the pending requests: Enter accepts the chosen one, Backspace declines it."""
        from tui.screens.requests import RequestsScreen

        if self._oldest_request() is None:
            return
        assert self.state is not None
        by_id = {r.id: r for r in self.state.requests}

        def decided(choice: tuple[str, int] | None) -> None:
            if choice is None:
                return
            how, request_id = choice
            if how == "accept":
                self.chair("accept_request", request_id=request_id)
            elif request_id in by_id:
                self._decline(by_id[request_id])

        self.app.push_screen(RequestsScreen(self.state, self.now), decided)

    def action_auto_accept(self) -> None:
        """Have the current item's late requests accepted automatically, or brought to the Chair again."""
        from models.procedure.floor_requests import auto_accepted

        assert self.state is not None
        item = self.state.item
        if item is None:
            self.notify("No item is open.", severity="warning")
            return
        self.chair("set_auto_accept", on=not auto_accepted(self.state.meeting, item))

    def _show_announcement(self) -> None:
        """The objection window's line, while an announcement awaits the Chair's decision."""
        assert self.state is not None
        pending = self.state.meeting.settings.get("announcement")
        line = self.query_one("#announcement", Static)
        text = (f"Announced: {_ANNOUNCED.get(pending['action'], '')} if there is no objection"
                " — l, then y: confirm, n: withdraw") if pending else ""
        if getattr(line, "shown_text", None) != text:
            line.shown_text = text
            line.update(Text(text))
        line.display = bool(pending)

    def action_toggle_list(self) -> None:
        """Announce the closure of the speakers list ("if there is no objection"),
        decide a pending announcement, or reopen a closed list."""
        assert self.state is not None
        if self.state.meeting.settings.get("announcement"):
            self._decide_announcement()
            return
        item = self.state.item
        closed = item is not None and (item.list_closed_at is not None or item.list_ended_at is not None)
        if closed:
            self.chair("reopen_list")
        else:
            self.chair("announce", decision="close_list")
            self._decide_announcement("close_list")

    def _decide_announcement(self, action: str | None = None) -> None:
        """Ask the Chair: confirm (no objection) or withdraw; Esc leaves it pending."""
        from tui.screens.confirm import ObjectionScreen

        assert self.state is not None
        action = action or self.state.meeting.settings["announcement"]["action"]

        def decided(confirm: bool | None) -> None:
            if confirm is not None:
                self.chair("confirm_announcement" if confirm else "withdraw_announcement")

        self.app.push_screen(
            ObjectionScreen(f"Announced: {_ANNOUNCED[action]} if there is no objection",
                            "y: confirm (there being no objection) · n: withdraw · Esc: decide later"),
            decided,
        )

    def action_end_list(self) -> None:
        """End the speakers list (asks first)."""
        from tui.screens.confirm import ConfirmScreen

        assert self.state is not None
        n = len([e for e in self.state.waiting if e.intervention.kind == "statement"])
        self.app.push_screen(
            ConfirmScreen("End the speakers list?", f"{n} speaker(s) still waiting will be recorded as not reached."),
            lambda yes: yes and self.chair("end_list"),
        )

    def action_limits(self, suggestion: int | None = None) -> None:
        """Change the time limit of everyone still waiting."""
        from models.categories import label
        from tui.screens.prompt import LimitScreen

        assert self.state is not None
        used = sorted({e.participant.category for e in self.state.waiting})
        categories = [(label(c), c) for c in used]

        def chosen(answer) -> None:
            if answer:
                category, seconds = answer
                if category is None:
                    self.chair("set_limits", cap_s=seconds)
                else:
                    self.chair("set_limits", category=category, value_s=seconds)

        self.app.push_screen(LimitScreen(categories, suggestion), chosen)

    def action_contingent(self) -> None:
        """Edit a category's time contingent on this item: set, add, subtract,
        reset, or share out its overrun (``models.procedure.time_limits``)."""
        from models.categories import label
        from models.state import forecast
        from tui.screens.prompt import CONTINGENT_HELP, TextPrompt, parse_contingent

        assert self.state is not None
        categories = list(self.state.meeting.settings.get("categories", []))
        left = forecast(self.state, self.now).contingents_left_s
        shown = ", ".join(f"{c} ({label(c)}{f': {left[c]} s left' if c in left else ''})" for c in categories)
        pressed = self.now

        def answered(text: str | None) -> None:
            if not text:
                return
            parsed = parse_contingent(text, categories)
            if isinstance(parsed, str):
                self.notify(parsed, severity="warning", timeout=6)
                return
            action, kwargs = parsed
            self.chair(action, at=pressed, **kwargs)

        self.app.push_screen(TextPrompt(CONTINGENT_HELP.format(categories=shown), placeholder="ngo +2:00"),
                             answered)

    def action_fit(self) -> None:
        """Apply the largest per-speaker limit that fits the item (asks first)."""
        from models.state import forecast
        from models.unstyle import spoken_duration
        from tui.screens.confirm import ConfirmScreen

        assert self.state is not None
        fc = forecast(self.state, self.now)
        cap = fc.fitting_cap_with_changeovers_s if fc.fitting_cap_with_changeovers_s is not None else fc.fitting_cap_s
        if cap is None:
            self.notify("The list already fits the item's time.")
            return
        if cap < 1:  # (proposed limits are whole 15 s: models.state.round_cap)
            self.notify("No limit makes the list fit the item's time.", severity="warning")
            return
        self.app.push_screen(
            ConfirmScreen(
                f"Cap every remaining speaker at {spoken_duration(cap)}?",
                "Categories already lower keep their limit; the change is logged.",
            ),
            lambda yes: yes and self.chair("set_limits", cap_s=cap),
        )

    def action_undo(self) -> None:
        """Undo the last chair action (asks first)."""
        from models.state import last_undoable
        from tui.screens.confirm import ConfirmScreen

        assert self.state is not None
        if self.state.meeting.record_status == "final":
            self.notify("The record is final: nothing can be undone; the secretariat corrects it (floor correct).",
                        severity="warning")
            return
        try:
            target = faults.read_now(self.app, "Reading the procedural log", last_undoable, self.app.store,
                                     self.app.meeting_id)
        except StoreError:
            return
        if target is None:
            self.notify("There is nothing to undo.", severity="warning")
            return
        self.app.push_screen(  # the undo names what it undoes: nothing else is undone
            ConfirmScreen("Undo the last action?", target.summary),
            lambda yes: yes and self.chair("undo", expected_id=target.id),
        )

    def action_view_log(self) -> None:
        """Show the procedural log."""
        from tui.screens.log import LogScreen

        self.app.push_screen(LogScreen())

    def action_series(self) -> None:
        """Open the Series screen (past meetings of the series, and search)."""
        from tui.screens.series import SeriesScreen

        self.app.push_screen(SeriesScreen())

    def action_agenda(self) -> None:
        """Open the agenda amendments."""
        from tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen())

    def action_take_notes(self) -> None:
        """Put the cursor in the notes of the current intervention or, before
        anyone has spoken on the item, in the item's notes."""
        for notes in (self.query_one("#intervention-notes", NotesArea), self.query_one("#item-notes", NotesArea)):
            if not notes.disabled:
                notes.focus()
                return
        self.notify("Nothing to take notes on yet.", severity="warning")

    def action_export(self) -> None:
        """Open the export dialog (formats, folder)."""
        from pathlib import Path

        from tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(Path.cwd(), self.app.meeting_id))

    def action_interruptions(self) -> None:
        """Put an interruption that is still pending to the chair again."""
        self.interruptions.ask(again=True)

    def action_roster(self) -> None:
        """Open the roster to take attendance."""
        from tui.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen())

    def action_statistics(self) -> None:
        """Show the speaking-time statistics."""
        from tui.screens.statistics import StatisticsScreen

        self.app.push_screen(StatisticsScreen())


#: Chair actions whose log summary is said in a toast (what was decided, e.g. where the speaker was placed).
_SAID = frozenset({"request_accepted", "request_declined", "auto_accept_set"})

_NOTES_KEPT = "What was typed stays in the field and is saved as soon as the database works again."


#: What the chair can do about a refused request, by (log action, reason).
OVERRIDE_HINT = {
    ("inscription_refused", "duplicate"):
        ". One entry per participant per item: to inscribe it again, use the Chair's override (O).",
    ("inscription_refused", "list_closed"): ". To inscribe it anyway, use the Chair's override (O).",
    ("inscription_refused", "participation"): ". To inscribe it anyway, use the Chair's override (O).",
}


def _claim_lost(store, claim) -> str:
    """What took this screen's chair claim over ("" while it holds), read on the database thread."""
    with store.read() as s:
        return claim.lost(s)


def _names(entries: list[Entry]) -> str:
    """The delegations of ``entries``, each once, in order: "Brazil, Chile"."""
    return ", ".join(dict.fromkeys(e.participant.delegation for e in entries))


#: The objection window's words for what was announced (models/procedure/announcements.py).
_ANNOUNCED = {"close_list": "the list will close", "end_list": "the list will end",
              "set_limits": "the speaking time will change"}


def _doing(action: str) -> str:
    """The failed chair action as the banner names it, e.g. "Give floor"."""
    return f"The chair's action “{action.replace('_', ' ')}”"


def _retry_hint(now, state: FloorState | None) -> str:
    """What the chair can do: retry as of the key press (the meeting's local time)."""
    from models.unstyle import local

    at = local(now, state.meeting.timezone).format("HH:mm:ss") if state is not None else f"{now:%H:%M:%S} UTC"
    return f"Nothing was recorded. Press Ctrl+R (or the same key) to retry it as of its key press, {at}."
