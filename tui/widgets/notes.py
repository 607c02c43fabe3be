"""The rapporteur's notes field: a TextArea that saves itself.

Loading text never counts as typing (``prevent(TextArea.Changed)``); typing
marks the field dirty and saves ``AUTOSAVE_DELAY`` s after the last keystroke,
and, while the typing goes on, ``AUTOSAVE_MAX`` s after the first key not yet
saved at the latest (so another desk following the note sees the typing
within a second); the owner flushes it at every speaker change and at quit.

Every save carries the text it was typed on (the note as loaded into the
field, or as last saved from it): a save over a note another desk changed
meanwhile is merged with it by ``models.procedure.save_notes``, never written
over it, and the field then shows the merged text. A note holding a conflict
(both desks' versions of the same lines, between marker lines:
``models.merge``) gets a warning border and a notification; deleting the
marker lines and saving clears it.

Text counts as saved only once its save has succeeded. A save that fails
(the saver raises ``models.store.StoreError``: a full disk, a locked or
read-only database) keeps the text — in the field, or, if the field has
moved on to another target meanwhile, aside until the field comes back to
it — marks the field "not saved", and tries again on a timer that backs off
(``RETRY_FIRST`` s, doubling up to ``RETRY_MAX`` s) until a save succeeds.

Notes are data: a control character in them (pasted from a PDF, or saved by
an older version) is shown as its visible symbol (``models.unstyle.visible``:
U+0002 as "␂", ESC as "␛"), and a paste stores that symbol, so the field
never sends a terminal sequence and the note stays writable to Word.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from difflib import SequenceMatcher
from typing import Any

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import TextArea

from models.merge import has_conflict, merge_texts
from models.procedure import ProcedureError
from models.store import DB_ERRORS
from models.unstyle import visible
from tui.literal import plain

#: Seconds after the last keystroke before the notes are saved.
AUTOSAVE_DELAY = 0.5
#: While typing goes on: seconds after the first key not yet saved before the
#: notes are saved all the same (another desk sees them within a second: this,
#: plus its look every 0.1 s).
AUTOSAVE_MAX = 0.7
#: Seconds before the first new try after a failed save; doubles each time.
RETRY_FIRST = 1.0
#: The longest wait between two tries, in seconds.
RETRY_MAX = 30.0


_UNSAVED = "⚠ not saved yet — trying again"
#: Said once when a note comes to hold a conflict (on every desk showing it).
CONFLICT_NOTICE = ("Two desks wrote this note at the same time: both texts are kept, between the "
                   "<<<<<<< and >>>>>>> lines. Merge them, delete the three marker lines; the save clears the conflict.")


def _line_after(old: list[str], new: list[str], row: int) -> int:
    """Where line ``row`` of ``old`` is in ``new`` (the lines around it added
    to or taken away; a changed line stays at its place)."""
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if i1 <= row < i2:
            at = j1 + (row - i1) if tag == "equal" else min(j1 + (row - i1), j2 - 1)
            return max(0, min(at, len(new) - 1))
    return len(new) - 1


class NotesArea(TextArea):
    """Notes bound to one target (an intervention or an item) at a time.

    ``saver(target_id, text)`` is awaited to store the text; it reads
    ``saving_kind``, ``saving_started_at`` and ``saving_typed_on`` (the note's
    text the typing started from) before its first await, and returns the
    note as stored (``models.procedure.notes.SavedNote``) or None. Escape
    leaves the field so the chair's keys work again.
    """

    BINDINGS = [Binding("escape", "leave", "Leave notes", id="leave_notes")]
    DEFAULT_CSS = """
    NotesArea.-conflict { border: heavy $warning !important; }
    NotesArea.-unsaved { border: heavy $error !important; }
    """

    class ConflictChanged(Message):
        """The note in the field came to hold a conflict (``conflict`` True) or no longer does."""

        def __init__(self, notes: NotesArea, conflict: bool) -> None:
            super().__init__()
            self.notes = notes
            self.conflict = conflict

        @property
        def control(self) -> NotesArea:
            return self.notes

    def __init__(self, saver: Callable[[int, str], Awaitable[Any]], **kwargs) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", **kwargs)
        self._saver = saver
        self.target_id: int | None = None
        self.target_kind = ""
        self.saving_kind = ""  # the kind of the target being saved now
        self.saving_started_at = None
        self.saving_typed_on: str | None = None
        self.started_at = None  # UTC instant of the first key typed into an empty note
        self.last_key_at = None
        self._dirty = False
        self._timer: Timer | None = None
        self._first_unsaved_key_at: float | None = None  # monotonic s of the first key not saved yet
        #: Seconds from the last keystroke to the save it scheduled (None: none scheduled).
        self.next_save_in: float | None = None
        self._typed_on: str | None = None  # the note as stored that the field's text was typed on
        #: True while the text in the field holds a conflict (``models.merge.has_conflict``).
        self.conflict = False
        # Text typed for targets the field no longer shows, not saved yet:
        # (kind, target id) → (text, started_at, the stored text it was typed on).
        self._unsaved: dict[tuple[str, int], tuple[str, Any, str | None]] = {}
        self._save_lock = asyncio.Lock()
        self._retry: Timer | None = None
        self._backoff = RETRY_FIRST
        self._subtitle_before: Any = None

    async def _on_key(self, event: events.Key) -> None:
        """Read-only notes swallow typing too: a letter typed into them must
        never reach the chair's keys."""
        if self.read_only and (event.is_printable or event.key == "enter"):
            event.stop()
            event.prevent_default()
            self.app.bell()
            return
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        """A paste goes in as text: line ends as typed, control characters as
        their symbols. Only the event's text is cleaned here; TextArea's own
        handler (run next, for the base class) inserts it."""
        event.text = visible(event.text.replace("\r\n", "\n").replace("\r", "\n"), breaks=True)

    def load_text(self, text: str) -> None:
        """Show ``text`` (control characters as their symbols, tabs and line feeds kept)."""
        super().load_text(visible(text, breaks=True))

    def show_saved(self, text: str, labels: tuple[str, str] | None = None) -> bool:
        """Show ``text``, the note as another desk saved it meanwhile. The
        cursor stays in the line it was in (at the end of a note that grew, if
        it was there); loading is not typing.

        Text typed here and not saved yet is merged with it line by line
        (``models.merge``: ``labels`` name the two versions of lines both
        changed, ``models.procedure.notes.conflict_labels``) and stays unsaved
        until the next save; while a save is on its way, nothing changes
        (False: the save's own merge brings the text)."""
        if not self._dirty:
            self._typed_on = text
            if self.text != visible(text, breaks=True):
                self._reload(text)
            return True
        if self._save_lock.locked() or text == self._typed_on:
            return False
        theirs, mine = labels or ("saved by another desk", "typed at the same time")
        merged, _ = merge_texts(self._typed_on or "", text, self.text, theirs, mine)
        self._typed_on = text
        if merged != self.text:
            self._reload(merged)
        return True

    def _reload(self, text: str) -> None:
        """Load ``text`` in place of what the field shows; the cursor follows its line."""
        old, new = self.text, visible(text, breaks=True)
        row, column = self.cursor_location
        at_end = self.cursor_location == self.document.end
        with self.prevent(TextArea.Changed):
            self.load_text(text)
        if at_end and new.startswith(old):
            self.move_cursor(self.document.end)  # following a note as it grows
        else:
            row = _line_after(old.split("\n"), new.split("\n"), row)
            self.move_cursor((row, min(column, len(self.document.get_line(row)))))
        self._check_conflict(notify=True)

    def _check_conflict(self, notify: bool = False) -> None:
        """Mark the field (and tell the owner) when the note comes to hold a
        conflict or no longer does; ``notify``: say it too (a save or a load
        brought it, not the rapporteur's typing)."""
        conflict = self.target_id is not None and has_conflict(self.text)
        if conflict == self.conflict:
            return
        self.conflict = conflict
        self.set_class(conflict, "-conflict")
        self.post_message(self.ConflictChanged(self, conflict))
        if conflict and notify and self.is_mounted:
            self.notify(CONFLICT_NOTICE, title="Notes: two versions kept", severity="warning", timeout=10,
                        markup=False)

    def bind_to(self, target_id: int | None, text: str, title, kind: str = "") -> None:
        """Show ``text`` (the note as stored) for ``target_id`` (None: nothing
        to take notes on); ``title`` (a ``str`` or a Rich ``Text``) is shown as
        text, never as markup. Text typed for the old target is saved there;
        text typed earlier for the new target and not saved yet is shown
        instead of ``text``."""
        self._stop_timer()
        if self._dirty and self.target_id is not None:  # typed text belongs to the old target: save it there
            self._unsaved[(self.target_kind, self.target_id)] = (self.text, self.started_at, self._typed_on)
            self.run_worker(self.flush(), group="notes-save")
        self.target_id = target_id
        self.target_kind = kind
        self.started_at = None
        self._first_unsaved_key_at = None
        kept = self._unsaved.pop((kind, target_id), None) if target_id is not None else None
        self._typed_on = kept[2] if kept is not None else text
        with self.prevent(TextArea.Changed):
            self.load_text(kept[0] if kept is not None else text)
        self.move_cursor(self.document.end)  # typing continues the note, it does not prepend
        self._dirty = kept is not None
        if kept is not None:
            self.started_at = kept[1]
        self.border_title = plain(title) if isinstance(title, str) else title
        self.disabled = target_id is None
        self._check_conflict()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self or self.target_id is None:
            return
        now = self.app.clock.now() if hasattr(self.app, "clock") else None
        self.last_key_at = now
        if self.started_at is None:
            self.started_at = now
        self._dirty = True
        self._check_conflict()
        if self._timer is not None:
            self._timer.stop()
        delay = AUTOSAVE_DELAY
        if hasattr(self.app, "clock"):  # the app's clock (a fake one in tests), never the wall clock's jumps
            if self._first_unsaved_key_at is None:
                self._first_unsaved_key_at = self.app.clock.monotonic()
            typing_for = self.app.clock.monotonic() - self._first_unsaved_key_at
            delay = max(0.0, min(AUTOSAVE_DELAY, AUTOSAVE_MAX - typing_for))
        self.next_save_in = delay
        self._timer = self.set_timer(delay, self.flush)

    async def flush(self) -> bool:
        """Save now whatever was typed and is not saved yet (this target's text,
        and any kept for other targets). Returns True when nothing is left
        unsaved; on a failed save the text is kept and a new try is scheduled.
        A save merged with another desk's newer text shows the merged text."""
        self._stop_timer()
        async with self._save_lock:
            failed = False
            for key, (text, started_at, typed_on) in list(self._unsaved.items()):
                ok, _saved = await self._try_save(key, text, started_at, typed_on)
                if ok:
                    if self._unsaved.get(key) == (text, started_at, typed_on):
                        del self._unsaved[key]
                else:
                    failed = True
            if not failed and self._dirty and self.target_id is not None:
                key, text = (self.target_kind, self.target_id), self.text
                self._first_unsaved_key_at = None  # a key typed from now on starts the next save's wait
                ok, saved = await self._try_save(key, text, self.started_at, self._typed_on)
                if ok:
                    if (self.target_kind, self.target_id) == key:
                        self._saved_here(text, saved)
                else:
                    failed = True
            self._show_saved(not failed)
            return not self.unsaved

    def _saved_here(self, text: str, saved) -> None:
        """``text``, typed in this field, was saved as ``saved`` (a ``SavedNote``,
        or None): the field shows the note as stored unless typing went on
        during the save (then what was typed since is merged at the next save)."""
        stored = saved.text if saved is not None else text
        if self.text != text:  # typed during the save: the typing continues from the text sent
            self._typed_on = text
            return
        self._dirty = False
        self._typed_on = stored
        if stored != text:
            self._reload(stored)

    async def _try_save(self, key: tuple[str, int], text: str, started_at, typed_on: str | None) -> tuple[bool, Any]:
        """Save one text: (False if the database failed — the text is kept —,
        the note as stored or None)."""
        self.saving_kind = key[0]  # read by the saver before its first await
        self.saving_started_at = started_at
        self.saving_typed_on = typed_on
        try:
            saved = await self._saver(key[1], text)
        except DB_ERRORS:
            return False, None
        except ProcedureError as exc:  # it can never be saved (the record is final, the target is gone)
            self.notify(f"Notes not saved: {exc}", severity="error", timeout=8, markup=False)
            return True, None
        return True, saved

    def _show_saved(self, ok: bool) -> None:
        """Mark the field "not saved" and schedule the next try, or clear the mark."""
        if ok:
            self._backoff = RETRY_FIRST
            if self._retry is not None:
                self._retry.stop()
                self._retry = None
            if self.has_class("-unsaved"):
                self.remove_class("-unsaved")
                if self.border_subtitle == _UNSAVED:
                    self.border_subtitle = self._subtitle_before
            return
        if not self.has_class("-unsaved"):
            self.add_class("-unsaved")
            self._subtitle_before = self.border_subtitle
            self.border_subtitle = _UNSAVED
        if self._retry is None:
            self._retry = self.set_timer(self._backoff, self._retry_now)
            self._backoff = min(self._backoff * 2, RETRY_MAX)

    async def _retry_now(self) -> None:
        self._retry = None
        await self.flush()

    @property
    def unsaved(self) -> bool:
        """True while any text typed here (for this target or another) is not saved."""
        return bool(self._unsaved) or (self._dirty and self.target_id is not None)

    @property
    def retrying(self) -> bool:
        """True while a new try of a failed save is scheduled."""
        return self._retry is not None

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @property
    def dirty(self) -> bool:
        """True while the text in the field is not yet saved."""
        return self._dirty

    def action_leave(self) -> None:
        """Move focus to the list beside the notes (the speakers list, or the rapporteur's index)."""
        lists = self.screen.query("DataTable, SpeakersTable, NotesIndex")
        if lists:
            self.screen.set_focus(lists.first())
