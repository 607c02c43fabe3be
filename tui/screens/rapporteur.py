"""The rapporteur's desk: notes on a second screen, following the chair live.

Opened by ``floor notes MEETING`` (a second terminal or laptop on the same
database). It reads the meeting once when it opens; then, every
``FOLLOW_INTERVAL`` seconds, it looks at two change markers (the newest
procedural-log id and the notes counter) and, only when one moved, reads what
changed: the chair's new log rows name the interventions they touched, so
the current item and speaker are read again (with the roster read at start)
and only those rows of the index are added or updated; a note saved
elsewhere is read by its counter. So the desk follows the chair within a
fraction of a second, and costs the same at the end of a week-long meeting
as at its start.

A note attaches to the intervention being given when its first key was
typed: if the chair gives the floor to someone else mid-sentence, the note
stays where it was started and the desk offers to follow (F2). The rapporteur
can go back to any earlier intervention or item, filter by text or #tag, and
never touches the speakers list.

A note whose tagged lines name a participant (``models.names``: the roster's
names and aliases, the short names of the groups spoken for, speakers with a
title) is marked ⚠ in the index and under the note as it is typed; F3 (or
Ctrl+N), even while typing, puts a neutral subject in their place ("The EU
announced …" → "A regional group announced …"), an edit saved like any other.

The index (:class:`tui.widgets.notes_index.NotesIndex`) paints only the rows
on screen; what a row shows is derived from its note once per change of the
note (tags, the ⚠ check against the roster, the folded text the filter
searches) and kept until the note changes again.

Two desks on one note (two rapporteurs, or the chair before the desk opened):
each save carries the text it was typed on, so a save over the other desk's
newer text is merged with it (``models.procedure.notes``), never written over
it. Lines both changed keep both versions between conflict markers: the row
is marked ⇄ in the index and a banner above the note says what to do, on
every desk, until a rapporteur merges the two and saves.
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from models import presence, procedure
from models.merge import has_conflict
from models.names import NameMatcher, neutral_tagged, roster_matcher, tagged_names
from models.procedure.notes import conflict_labels
from models.register import note_references, note_warnings
from models.roster import fold
from models.sentences import KIND_TAGS
from models.state import (
    FloorState,
    NoteRow,
    changed_rows,
    index_rows,
    item_notes,
    load_state,
    log_since,
    newest_note_seq,
    notes_index,
    notes_since,
    procedural_log_size,
    read_meeting,
    roster_changed,
)
from models.store import DB_ERRORS, Store, StoreError
from models.summary import tags_in
from models.tables import LogEntry, Participant
from models.timing import remaining_seconds, used_seconds
from models.unstyle import local, minutes_and_seconds
from tui import faults
from tui.following import FALLBACK_POLL_S, follow
from tui.literal import literal, plain
from tui.widgets.meeting_bar import MeetingBar
from tui.widgets.notes import NotesArea
from tui.widgets.notes_index import Cells, NotesIndex
from tui.widgets.text import TextInput

#: Seconds between looks at the change markers (newest log id, notes counter).
FOLLOW_INTERVAL = 0.1
#: Seconds between redraws of the countdown and the clocks (no database read).
TICK_INTERVAL = 0.25
#: Seconds between heartbeats that make the chair's notes read-only.
BEAT_INTERVAL = 2.0

_FOLLOW = "Esc: list · F2: follow the floor"
#: The key that puts a neutral subject in place of the names in the note (as shown).
NEUTRAL_KEY = "F3"
#: How many references of the open note the line under it lists before "… and N more".
SHOWN_REFERENCES = 5
#: Above a note holding two desks' versions of the same lines.
CONFLICT_BANNER = ("⇄ Two desks wrote this note at the same time: both texts are kept, between the <<<<<<< "
                   "and >>>>>>> lines. Merge them into one and delete the three marker lines: the save clears this.")


@dataclass(eq=False)
class _Entry:
    """One row of the index and what is derived from its note (kept until the note changes)."""

    row: NoteRow
    tags: tuple[str, ...] | None = None  # the note's #tags (None: not derived yet)
    hay: str | None = None  # folded label, speaker and note, for the filter
    mark: str | None = None  # "⇄", "⚠", "✎" or ""
    when: str | None = None  # local "HH:mm" of the start


@dataclass
class _Changes:
    """What one look at the database found (read off the event loop)."""

    log_id: int
    note_seq: int
    state: FloorState | None = None
    roster: list[Participant] | None = None  # read again (a roster import, a corrected name)
    rows: list[NoteRow] | None = None  # intervention rows touched by the new log rows
    gone: set[str] | None = None  # rows asked for that are no longer given (an undo)
    items: list[NoteRow] | None = None  # every item taken up (its notes None when already known)
    everything: bool = False  # ``rows`` is the whole index: drop what it lacks
    notes: list[tuple[str, str, datetime | None]] | None = None  # (row key, text, saved at) of notes saved since


def touched(entries: list[LogEntry]) -> tuple[set[int], bool]:
    """The interventions that these log rows inserted, changed, deleted or
    restored, and whether the roster changed (then everything is read again)."""
    ids: set[int] = set()
    roster = False
    for e in entries:
        if not e.accepted:
            continue
        roster = roster or roster_changed(e)
        if e.intervention_id:
            ids.add(e.intervention_id)
        ids.update(int(key) for table, key in changed_rows(e) or [] if table == "intervention")
    return ids, roster


def read_changes(store: Store, meeting_id: str, roster: list[Participant], log_id: int, note_seq: int,
                 known_items: dict[str, tuple[int, str]]) -> _Changes | None:
    """What changed since the log row ``log_id`` and the note counter ``note_seq``
    (None: nothing). Runs on the database thread, never on the event loop.

    ``roster``: the participants read when the desk opened (read again only if
    a log row says they changed); ``known_items``: the items already in the
    index, with their agenda position and number (if one of those changed,
    the whole index is read again: the order of its rows changed).
    """
    newest_log = procedural_log_size(store, meeting_id)  # the markers before the data: a change
    newest_seq = newest_note_seq(store, meeting_id)  # made in between is seen again next time
    if newest_log == log_id and newest_seq == note_seq:
        return None
    found = _Changes(newest_log, newest_seq)
    if newest_log != log_id:
        ids, roster_moved = touched(log_since(store, meeting_id, log_id))
        if roster_moved:
            with store.read() as s:
                roster = found.roster = read_meeting(s, meeting_id)[2]
        state = found.state = load_state(store, meeting_id, participants=roster, current_only=True)
        started = [it for it in state.items if it.started_at is not None or f"item:{it.id}" in known_items]
        reordered = any(known_items.get(f"item:{it.id}", (it.position, it.number)) != (it.position, it.number)
                        for it in started)
        if roster_moved or reordered:
            found.rows, found.everything = notes_index(store, meeting_id), True
        else:
            found.rows = index_rows(store, meeting_id, ids)
            found.gone = {f"intervention:{i}" for i in ids} - {r.key for r in found.rows}
            found.items = []
            for item in started:
                notes = None  # known: a change of it comes through the note counter
                if f"item:{item.id}" not in known_items:
                    with store.read() as s:
                        notes = item_notes(s, item.id)
                found.items.append(NoteRow("item", item.id, item.number, item.started_at, "", "", notes, "", item.position))
    if newest_seq != note_seq:
        notes = notes_since(store, meeting_id, note_seq)
        found.notes = [(f"intervention:{n.intervention_id}" if n.intervention_id is not None else f"item:{n.item_id}", n.text,
                        n.saved_at) for n in notes]
        found.note_seq = max([newest_seq, *(n.seq for n in notes)])
    return found


def _derive_tags(texts: list[tuple[str, str]], names: tuple) -> tuple[list[tuple[str, str, tuple[str, ...]]], NameMatcher]:
    """Off the event loop: the tags of each (key, note), and the roster's name
    matcher (``names``: the roster and the meeting's words to ignore; compiled
    once, then kept by ``models.names.roster_matcher``)."""
    return [(key, text, tuple(tags_in(text))) for key, text in texts], roster_matcher(*names)


class RapporteurScreen(Screen):
    """Notes for every intervention and item, with tags and a filter."""

    DEFAULT_CSS = """
    RapporteurScreen #floor-line { height: 1; padding: 0 1; background: $boost; }
    RapporteurScreen #desk { height: 1fr; }
    RapporteurScreen #index { width: 46; }
    RapporteurScreen #filter { height: 3; }
    RapporteurScreen #entries { height: 1fr; }
    RapporteurScreen #editor-pane { width: 1fr; }
    RapporteurScreen #editor { height: 1fr; border: round $secondary; border-title-style: bold; }
    RapporteurScreen #editor:focus { border: round $accent; }
    RapporteurScreen #conflict { display: none; height: auto; padding: 0 1; background: $warning-muted; }
    RapporteurScreen #conflict.-shown { display: block; }
    RapporteurScreen #tags { height: auto; max-height: 4; padding: 0 1; }
    RapporteurScreen #flags { height: auto; max-height: 3; padding: 0 1; color: $warning; }
    RapporteurScreen #references { display: none; height: auto; max-height: 10; padding: 0 1; color: $success;
                                   text-wrap: nowrap; text-overflow: ellipsis; }
    RapporteurScreen #references.-shown { display: block; }
    """
    BINDINGS = [
        Binding("f2", "follow", "Follow the floor", id="follow", priority=True),
        Binding("f3,ctrl+n", "neutral", "Neutral subject", id="neutral", priority=True,
                tooltip="Put a neutral subject (\"one delegation\", \"a regional group\") in place of the names in the tagged lines"),
        Binding("ctrl+f,slash", "filter", "Filter", id="filter"),
        Binding("enter", "edit", "Edit notes", id="edit", show=False),
        Binding("x", "export", "Export", id="export", tooltip="Export the minutes, the record or the chair's summary"),
        Binding("f4", "series", "Series", id="series", show=False,  # no letter: the desk is for typing
                tooltip="The series of meetings: past meetings, and search of their notes and chair's summaries (/)"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("question_mark", "app.help", "Help", id="help", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: FloorState | None = None
        self.following = True
        self._current_id: int | None = None
        self._entries: dict[str, _Entry] = {}
        self._in_order: list[_Entry] | None = None  # every entry by its place (None: sort again)
        self._items: dict[str, tuple[int, str]] = {}  # item rows in the index: key → (position, number)
        self._tag_counts: Counter[str] = Counter()
        self._counts_ready = False  # every entry's tags derived and counted (just after opening)
        self._roster: list[Participant] = []
        self._names: tuple = ((), ())  # (roster, words to ignore) the name matcher is compiled from
        self._matcher: NameMatcher | None = None
        self._names_ready = False  # the roster's name matcher is compiled (off the event loop)
        self._log_id = 0
        self._note_seq = 0
        self._filter: list[tuple[bool, str]] = []  # (is a #tag, folded word)
        self._poll_lock = asyncio.Lock()
        self._flag_text: str | None = None
        self._ignore: tuple[str, ...] = ()  # the meeting's words never taken for a name (agenda summary.ignore)
        self._shown: dict[str, object] = {}
        self._references: tuple = ()  # the open note's references in the register (models.register.Registered)
        self._warnings: list[str] = []  # what models.register.note_warnings says of the open note

    def compose(self) -> ComposeResult:
        yield faults.DbBanner()
        yield MeetingBar(id="meeting-bar")
        yield Static(id="floor-line")
        with Horizontal(id="desk"):
            with Vertical(id="index"):
                yield TextInput(placeholder="Filter: words or #tag (Ctrl+F)", id="filter")
                yield NotesIndex(self._cells, id="entries")
            with Vertical(id="editor-pane"):
                yield Static(CONFLICT_BANNER, id="conflict")
                yield NotesArea(self._save, id="editor")
                yield Static(id="flags")
                yield Static(id="references")
                yield Static(id="tags")
        yield Footer()

    def on_mount(self) -> None:
        editor = self.query_one("#editor", NotesArea)
        editor.border_subtitle = _FOLLOW
        self._me = None  # this process's presence row, once entered
        try:
            faults.read_now(self.app, "Reading the meeting", self._open)
        except StoreError as fault:  # nothing to show: say why, after the terminal is restored
            self.app.exit(return_code=fault.exit_status, message=Text(f"floor: {fault.message}"))
            return
        self.run_worker(self._beat(), group="beat")
        self.set_interval(BEAT_INTERVAL, self._beat)
        by_notification = follow(self, self.poll)  # PostgreSQL: the chair's and other desks' changes as they commit
        self.set_interval(FALLBACK_POLL_S if by_notification else FOLLOW_INTERVAL, self.poll)
        self.set_interval(TICK_INTERVAL, self._tick)
        editor.focus() if not editor.disabled else self.query_one(NotesIndex).focus()

    # ------------------------------------------------------------------ shared database

    async def _beat(self) -> None:
        app = self.app
        doing = "Telling the chair's screen the desk is open"
        try:
            app.store.check_present()
        except StoreError as fault:  # the file was deleted: say so, and keep saying it
            faults.report(app, fault, "Keeping the notes")
            return
        try:
            if self._me is None:
                self._me = await faults.run(app, doing, presence.enter, app.store, app.meeting_id, "rapporteur",
                                            app.clock.now(), write=False, background=True)
            else:
                await faults.run(app, doing, presence.beat, app.store, self._me, app.clock.now(), write=False,
                                 background=True)
        except StoreError:
            pass

    def _open(self) -> None:
        """Read the meeting once: the roster, the whole index, the current item.

        Tens of thousands of objects are made at once here and kept for as long
        as the desk is open: the cyclic garbage collector is held off meanwhile
        (it would walk the whole heap several times over), then told to leave
        them be (``gc.freeze``), so no full collection pauses the desk later."""
        gc.disable()
        try:
            self._read_all()
        finally:
            gc.enable()
            gc.freeze()
        self.call_after_refresh(self.run_worker, self._derive(), group="derive")

    def _read_all(self) -> None:
        app = self.app
        self._log_id = procedural_log_size(app.store, app.meeting_id)  # the markers first: a later
        self._note_seq = newest_note_seq(app.store, app.meeting_id)  # change is then seen again
        with app.store.read() as s:
            meeting, _items, self._roster = read_meeting(s, app.meeting_id)
        self._ignore = tuple(((meeting.settings or {}).get("summary") or {}).get("ignore", ()))
        self._names = (tuple(self._roster), self._ignore)
        state = load_state(app.store, app.meeting_id, participants=self._roster, current_only=True)
        rows = notes_index(app.store, app.meeting_id)
        self.state = state
        self._current_id = state.current.id if state.current else None
        self._entries = {row.key: _Entry(row) for row in rows}
        self._items = {r.key: (r.item_position, r.item_number) for r in rows if r.kind == "item"}
        self._in_order = [self._entries[r.key] for r in rows]
        self._show_all()
        self._show_state(state, first=True)

    async def _derive(self) -> None:
        """Just after the index first shows: every note's tags (for the counts)
        and the roster's name matcher (for the ⚠ marks), off the event loop."""
        names = self._names
        texts = [(key, e.row.notes) for key, e in self._entries.items() if e.tags is None]
        derived, matcher = await asyncio.get_running_loop().run_in_executor(None, _derive_tags, texts, names)
        for key, text, tags in derived:
            entry = self._entries.get(key)
            if entry is not None and entry.tags is None and entry.row.notes is text:
                entry.tags = tags
        counts: Counter[str] = Counter()
        for entry in self._entries.values():
            counts.update(self._tags(entry))
        self._tag_counts, self._counts_ready = counts, True
        self._show_tags()
        if names is self._names:
            self._names_ready_now(matcher)

    def _use_roster(self, roster: list[Participant]) -> None:
        """Check notes against this roster's names from now on (a roster import, a
        corrected name). Compiling the matcher of 1,000 names takes a moment: it
        is done off the event loop, and the ⚠ marks follow when it is ready."""
        self._names = (tuple(roster), self._ignore)
        self._names_ready = False
        self.run_worker(self._compile_names(self._names), group="names")

    async def _compile_names(self, names: tuple) -> None:
        matcher = await asyncio.get_running_loop().run_in_executor(None, roster_matcher, *names)
        if names is self._names:  # no other roster came meanwhile
            self._names_ready_now(matcher)

    def _names_ready_now(self, matcher: NameMatcher) -> None:
        self._matcher = matcher
        self._names_ready = True
        for entry in self._entries.values():
            entry.mark = None
        self._flag_text = None
        self.query_one(NotesIndex).refresh_rows()
        if self._references:  # the ⚠ of a reference naming someone
            self._show_references()
        self._tick()

    def _tags(self, entry: _Entry) -> tuple[str, ...]:
        """The #tags of the entry's note (derived once per change of the note)."""
        if entry.tags is None:
            entry.tags = tuple(tags_in(entry.row.notes))
        return entry.tags

    def refresh_desk(self) -> None:
        """Look for the chair's and the other screens' changes now (what the
        timer does every ``FOLLOW_INTERVAL`` s), off the event loop."""
        self.run_worker(self.poll(), group="follow")

    async def poll(self) -> None:
        """Look at the change markers; if one moved, read what changed (on the
        app's database thread) and show it."""
        async with self._poll_lock:
            app = self.app
            try:
                changes = await faults.run(app, "Following the chair", read_changes, app.store, app.meeting_id,
                                           self._roster, self._log_id, self._note_seq, dict(self._items), write=False)
            except StoreError:
                return
            if changes is not None:
                self._apply(changes)

    # ------------------------------------------------------------------ applying what changed

    def _apply(self, found: _Changes) -> None:
        self._log_id, self._note_seq = found.log_id, found.note_seq
        if found.roster is not None:
            self._roster = found.roster
            self._use_roster(found.roster)
        if found.rows is not None:
            for row in found.rows:
                self._put(row)
        if found.everything and found.rows is not None:
            keep = {r.key for r in found.rows}
            for key in [k for k in self._entries if k not in keep]:
                self._drop(key)
        for key in found.gone or ():
            self._drop(key)
        if found.items is not None:
            started = {r.key for r in found.items}
            for row in found.items:
                self._put(row)
            for key in [k for k in self._items if k not in started]:
                self._drop(key)
        editor = self.query_one("#editor", NotesArea)
        for key, text, saved_at in found.notes or ():
            entry = self._entries.get(key)
            if entry is not None:
                self._set_notes(entry, text)
            if key == f"{editor.target_kind}:{editor.target_id}":  # another desk's typing shows here, with this one's
                tz = self.state.meeting.timezone if self.state else "UTC"
                editor.show_saved(text, conflict_labels(saved_at, self.app.clock.now(), tz))
        if found.state is not None:
            self._show_state(found.state)
        self._show_tags()

    def _put(self, row: NoteRow) -> None:
        """Add this row to the index, or bring its entry up to date (``row.notes``
        None: keep the note known)."""
        if row.kind == "item":
            self._items[row.key] = (row.item_position, row.item_number)
        entry = self._entries.get(row.key)
        if entry is None:
            if row.notes is None:
                row.notes = ""
            entry = self._entries[row.key] = _Entry(row)
            if self._counts_ready:
                self._tag_counts.update(self._tags(entry))
            self._in_order = None
            if self._matches(entry):
                self.query_one(NotesIndex).upsert(row.key, row.order)
            return
        old = entry.row
        text = old.notes if row.notes is None else row.notes
        row.notes = old.notes
        if (row.label, row.speaker, row.started_at, row.item_number, row.order) != (
                old.label, old.speaker, old.started_at, old.item_number, old.order):
            if row.order != old.order:
                self._in_order = None
            entry.row = row
            entry.hay = entry.when = None
            self._reshow(entry)
        else:
            entry.row = row
        if text != row.notes:
            self._set_notes(entry, text)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        self._items.pop(key, None)
        if entry is None:
            return
        if self._counts_ready:
            self._tag_counts.subtract(self._tags(entry))
            self._tidy_counts(self._tags(entry))
        self._in_order = None
        self.query_one(NotesIndex).remove(key)

    def _set_notes(self, entry: _Entry, text: str) -> None:
        """The note of this row is now ``text``: derive its tags and marks again."""
        if entry.row.notes == text:
            return
        old = self._tags(entry) if self._counts_ready else ()
        entry.row.notes = text
        entry.tags = entry.hay = entry.mark = None
        if self._counts_ready:
            self._tag_counts.subtract(old)
            self._tag_counts.update(self._tags(entry))
            self._tidy_counts(old)
        self._reshow(entry)

    def _tidy_counts(self, tags) -> None:
        for tag in tags:
            if self._tag_counts[tag] <= 0:
                del self._tag_counts[tag]

    def _reshow(self, entry: _Entry) -> None:
        """Repaint this row, or add it to / take it from the filtered list."""
        index = self.query_one(NotesIndex)
        if self._matches(entry):
            index.upsert(entry.row.key, entry.row.order)
        else:
            index.remove(entry.row.key)

    def _show_state(self, state: FloorState, first: bool = False) -> None:
        """The current item and speaker (and the record's lock) as read."""
        self.state = state
        current = state.current
        current_id = current.id if current else None
        editor = self.query_one("#editor", NotesArea)
        if current_id != self._current_id or first:
            index = self.query_one(NotesIndex)
            for old in {self._current_id, current_id} - {None}:
                index.refresh_row(f"intervention:{old}")  # the speaker's row is green
            self._current_id = current_id
            if self.following and current_id is not None and not self._typing():
                self._edit(("intervention", current_id))
        final = state.meeting.record_status == "final"
        if editor.read_only != final:
            editor.read_only = final
            editor.border_subtitle = "read-only: the record is final" if final else _FOLLOW
        if editor.target_id is None and not editor.dirty:
            target = self._default_target()
            if target is not None:
                self._edit(target)
        self._tick()

    def _typing(self) -> bool:
        """True while a note is being typed (unsaved text, or a key in the last 3 s)."""
        editor = self.query_one("#editor", NotesArea)
        return editor.dirty or (editor.last_key_at is not None and (self.app.clock.now() - editor.last_key_at).total_seconds() < 3)

    def _default_target(self) -> tuple[str, int] | None:
        if self.state and self.state.current:
            return ("intervention", self.state.current.id)
        ordered = self._ordered()
        if ordered:
            return (ordered[-1].row.kind, ordered[-1].row.id)
        return None

    def _ordered(self) -> list[_Entry]:
        if self._in_order is None:
            self._in_order = sorted(self._entries.values(), key=lambda e: e.row.order)
        return self._in_order

    # ------------------------------------------------------------------ display

    def _tick(self) -> None:
        """Redraw the clocks, the countdown and the ⚠ under the note (no database read)."""
        if self.state is None:
            return
        now = self.app.clock.now()
        self.query_one(MeetingBar).show(self.state, now)
        self._update("#floor-line", self._floor_line(now))
        editor = self.query_one("#editor", NotesArea)
        text = editor.text
        if text != self._flag_text and self._names_ready:
            self._flag_text = text
            named = tagged_names(self._matcher, text)
            self._update("#flags", Text(
                f"⚠ This tagged note names {literal(', '.join(named))}: rephrase it for the chair's summary "
                f"({NEUTRAL_KEY}: neutral subject)." if named else ""
            ))

    def _update(self, selector: str, text: Text) -> None:
        """Update a Static only when what it shows changed."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Static).update(text)

    def _floor_line(self, now: datetime) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        current = self.state.current if self.state else None
        if current is None:
            line.append("Nobody has the floor.", style="dim")
            return line
        p, iv = current.participant, current.intervention
        left = remaining_seconds(iv, now)
        line.append("▶ ", style="bold green")
        line.append(literal(p.delegation), style="bold")
        if iv.reply_number:
            line.append(f" — right of reply ({iv.reply_number})", style="italic")
        if p.on_behalf_of:
            line.append(f" (on behalf of {literal(p.on_behalf_of)})")
        line.append(f" · {literal(p.speaker)}" if p.speaker else "")
        clock = minutes_and_seconds(used_seconds(iv, now) if left is None else left)
        line.append(f" · {clock}", style="bold red" if left is not None and left < 0 else "bold")
        if iv.paused_since is not None:
            line.append("  PAUSED", style="bold reverse")
        editor = self.query_one("#editor", NotesArea)
        if editor.target_kind == "intervention" and editor.target_id != current.id:
            line.append("  — F2: follow the floor", style="yellow")
        return line

    def _cells(self, key: str) -> Cells:
        """What the index shows for one row (derived once per change of its note)."""
        entry = self._entries.get(key)
        if entry is None:
            return ("", Text(""), Text(""))
        r = entry.row
        if entry.when is None:
            tz = self.state.meeting.timezone if self.state else "UTC"
            entry.when = local(r.started_at, tz).format("HH:mm") if r.started_at else ""
        if entry.mark is None and has_conflict(r.notes):
            entry.mark = "⇄"  # two desks' versions kept: to be merged
        if entry.mark is None and self._names_ready:
            entry.mark = "⚠" if self._tags(entry) and tagged_names(self._matcher, r.notes) else ("✎" if r.notes.strip() else "")
        mark = entry.mark if entry.mark is not None else ("✎" if r.notes.strip() else "")
        style = "bold" if r.kind == "item" else ("bold green" if r.id == self._current_id else "")
        return (entry.when, Text(literal(r.label), style=style, overflow="ellipsis", no_wrap=True),
                Text(mark, style="bold red" if mark == "⇄" else "yellow"))

    def _matches(self, entry: _Entry) -> bool:
        if not self._filter:
            return True
        if entry.hay is None:
            r = entry.row
            entry.hay = " ".join((fold(r.label), fold(r.speaker), fold(r.notes)))
        return all((word in self._tags(entry)) if tag else (word in entry.hay) for tag, word in self._filter)

    def _show_all(self) -> None:
        """Fill the index again from the entries (at start, and when the filter changes)."""
        self.query_one(NotesIndex).set_rows((e.row.key, e.row.order) for e in self._ordered() if self._matches(e))

    def _show_tags(self) -> None:
        if not self._counts_ready:
            return
        counts = self._tag_counts
        topics = self.state.meeting.settings.get("topics", []) if self.state else []
        text = Text("Tags: ", style="bold")
        for tag in list(dict.fromkeys([*topics, *sorted(counts)])):
            text.append(f"#{tag}", style="cyan" if counts.get(tag) else "dim")
            text.append(f" ({counts.get(tag, 0)})  ")
        self._update("#tags", text)

    # ------------------------------------------------------------------ editing

    def _edit(self, target: tuple[str, int]) -> None:
        kind, target_id = target
        key = f"{kind}:{target_id}"
        entry = self._entries.get(key)
        row = entry.row if entry is not None else None
        editor = self.query_one("#editor", NotesArea)
        if row is None:
            if kind == "intervention" and self.state and self.state.current and self.state.current.id == target_id:
                cur = self.state.current
                row = NoteRow("intervention", cur.id, self.state.item.number if self.state.item else "",
                              cur.intervention.started_at, cur.participant.delegation, cur.participant.speaker,
                              cur.notes)
            else:
                return
        tz = self.state.meeting.timezone if self.state else "UTC"
        when = local(row.started_at, tz).format("HH:mm") if row.started_at else ""
        title = f"Item {row.item_number} — notes on the item" if kind == "item" else f"Notes — {row.label} (item {row.item_number}, {when})"
        editor.bind_to(target_id, row.notes, plain(title), kind=kind)
        try:
            self._show_references(faults.read_now(self.app, "Reading the note's references", note_references,
                                                  self.app.store, kind, target_id),
                                  self._note_warnings(row.notes))
        except StoreError:  # said on screen; the references show again at the next save
            self._show_references((), [])
        index = self.query_one(NotesIndex)
        if key in index.rows:
            index.move_cursor(row=index.get_row_index(key), animate=False)
        self._tick()

    async def _save(self, target_id: int, text: str) -> None:
        editor = self.query_one("#editor", NotesArea)
        app = self.app
        kind = editor.saving_kind
        hint = "What was typed stays in the field and is saved as soon as the database works again."
        typed_on = editor.saving_typed_on
        if kind == "item":
            saved = await faults.run(app, "Saving the notes", procedure.save_item_notes, app.store, target_id, text,
                                     app.clock.now(), typed_on, hint=hint)
        else:
            saved = await faults.run(app, "Saving the notes", procedure.save_notes, app.store, target_id, text,
                                     app.clock.now(), editor.saving_started_at, typed_on, hint=hint)
        if saved.references is not None and editor.target_id == target_id and (
                (editor.target_kind or "intervention") == (kind or "intervention")):
            try:
                warnings = self._note_warnings(saved.text)
            except StoreError:  # said on screen; the warnings show again at the next save
                warnings = []
            self._show_references(saved.references, warnings)
        entry = self._entries.get(f"{kind or 'intervention'}:{target_id}")
        if entry is not None:  # the index shows the saved note at once (the next look reads it back)
            self._set_notes(entry, saved.text)
            self._show_tags()
        return saved

    def _note_warnings(self, text: str) -> list[str]:
        """``models.register.note_warnings`` of ``text`` against the agenda's topics (a short read).

        Raises:
            StoreError: the database failed (said on screen).
        """
        if not text or "#" not in text:
            return []
        topics = tuple(self.state.meeting.settings.get("topics", []) or ()) if self.state else ()
        return faults.read_now(self.app, "Checking the note's tags", note_warnings, self.app.store, text, topics)

    def _show_references(self, references=None, warnings: list[str] | None = None) -> None:
        """Under the note: each of its references in the register of
        recommendations (``models.register``), one line each, cut with "…"
        ("CD-X/R3  Recommendation: …"), at most :data:`SHOWN_REFERENCES`
        then "… and N more"; a reference whose sentence names a participant
        of this non-attributed meeting marked ⚠; then, in the warning colour,
        the note's ``warnings`` (a mistyped tag, an unknown reference).
        None: as shown before (the name matcher became ready)."""
        if references is not None:
            self._references, self._warnings = tuple(references), list(warnings or [])
        references, warnings = self._references, self._warnings
        colour = getattr(self.app.current_theme, "warning", None) or "yellow"
        attributed = self.state is not None and self.state.meeting.record == "attributed"
        lines: list[Text] = []
        for r in references[:SHOWN_REFERENCES]:
            line = Text(no_wrap=True, overflow="ellipsis")
            named = [] if attributed or not self._names_ready else self._matcher.find(r.text)
            if named:
                line.append(f"⚠ {r.ref}", style=f"bold {colour}")
                line.append(f" names {', '.join(named)} — non-attributed record", style=colour)
            else:
                line.append(r.ref, style="bold")
            line.append(f"  {KIND_TAGS[r.kind]}: {r.text}")
            lines.append(line)
        if len(references) > SHOWN_REFERENCES:
            lines.append(Text(f"… and {len(references) - SHOWN_REFERENCES} more", no_wrap=True))
        lines += [Text(f"⚠ {w}", style=colour, no_wrap=True, overflow="ellipsis") for w in warnings]
        text = Text("\n", no_wrap=True, overflow="ellipsis").join(lines)
        self._update("#references", text)
        self.query_one("#references", Static).set_class(bool(lines), "-shown")

    def on_notes_area_conflict_changed(self, event: NotesArea.ConflictChanged) -> None:
        """The note open here came to hold two desks' versions, or no longer does: the banner says so."""
        self.query_one("#conflict", Static).set_class(event.conflict, "-shown")

    def on_notes_index_row_selected(self, event: NotesIndex.RowSelected) -> None:
        kind, _, target = event.key.partition(":")
        self.following = False
        self._edit((kind, int(target)))
        self.query_one("#editor", NotesArea).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            words = event.value.split()
            self._filter = [(True, w[1:].lower()) if w.startswith("#") else (False, fold(w)) for w in words]
            self._show_all()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(NotesIndex).focus()

    def action_follow(self) -> None:
        """Go back to the intervention being given, and keep following the floor."""
        self.following = True
        if self.state and self.state.current:
            self._edit(("intervention", self.state.current.id))
        self.query_one("#editor", NotesArea).focus()

    def action_series(self) -> None:
        """Open the Series screen (past meetings of the series, and search)."""
        from tui.screens.series import SeriesScreen

        self.app.push_screen(SeriesScreen())

    def action_export(self) -> None:
        """Open the export dialog."""
        from pathlib import Path

        from tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(Path.cwd(), self.app.meeting_id))

    def action_neutral(self) -> None:
        """Put a neutral subject in place of every name in the note's tagged lines
        ("The EU announced …" → "A regional group announced …"): an edit like
        any other (undone with Ctrl+Z, saved within a second)."""
        editor = self.query_one("#editor", NotesArea)
        if editor.target_id is None or editor.read_only or not self._names_ready:
            self.app.bell()
            return
        text = editor.text
        rewritten = neutral_tagged(self._matcher, text)
        if rewritten == text:
            self.notify("No tagged line of this note names a participant.", timeout=3, markup=False)
            return
        editor.replace(rewritten, editor.document.start, editor.document.end)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self._tick()

    def action_filter(self) -> None:
        """Put the cursor in the filter."""
        self.query_one("#filter", Input).focus()

    def action_edit(self) -> None:
        """Edit the notes of the selected row."""
        self.query_one("#editor", NotesArea).focus()

    async def flush_notes(self) -> None:
        """Save the note being typed (at quit)."""
        await self.query_one("#editor", NotesArea).flush()

    def on_unmount(self) -> None:
        if getattr(self, "_me", None) is not None:
            try:
                presence.leave(self.app.store, self._me)
            except DB_ERRORS:  # leaving anyway: the heartbeat goes stale within seconds
                pass
