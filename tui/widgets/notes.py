"""The rapporteur's notes field: a TextArea that saves itself.

Loading text never counts as typing (``prevent(TextArea.Changed)``); typing
marks the field dirty and saves one second after the last keystroke at the
latest (``AUTOSAVE_DELAY`` s), and the owner flushes it at every speaker
change and at quit.

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
from typing import Any

from textual import events
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import TextArea

from models.procedure import ProcedureError
from models.store import DB_ERRORS
from models.unstyle import visible
from tui.literal import plain

#: Seconds after the last keystroke before the notes are saved.
AUTOSAVE_DELAY = 0.8
#: Seconds before the first new try after a failed save; doubles each time.
RETRY_FIRST = 1.0
#: The longest wait between two tries, in seconds.
RETRY_MAX = 30.0


_UNSAVED = "⚠ not saved yet — trying again"


class NotesArea(TextArea):
    """Notes bound to one target (an intervention or an item) at a time.

    ``saver(target_id, text)`` is awaited to store the text. Escape leaves the
    field so the chair's keys work again.
    """

    BINDINGS = [Binding("escape", "leave", "Leave notes", id="leave_notes")]
    DEFAULT_CSS = """
    NotesArea.-unsaved { border: heavy $error !important; }
    """

    def __init__(self, saver: Callable[[int, str], Awaitable[None]], **kwargs) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", **kwargs)
        self._saver = saver
        self.target_id: int | None = None
        self.target_kind = ""
        self.saving_kind = ""  # the kind of the target being saved now
        self.saving_started_at = None
        self.started_at = None  # UTC instant of the first key typed into an empty note
        self.last_key_at = None
        self._dirty = False
        self._timer: Timer | None = None
        # Text typed for targets the field no longer shows, not saved yet:
        # (kind, target id) → (text, started_at).
        self._unsaved: dict[tuple[str, int], tuple[str, Any]] = {}
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

    def bind_to(self, target_id: int | None, text: str, title, kind: str = "") -> None:
        """Show ``text`` for ``target_id`` (None: nothing to take notes on);
        ``title`` (a ``str`` or a Rich ``Text``) is shown as text, never as markup.
        Text typed for the old target is saved there; text typed earlier for
        the new target and not saved yet is shown instead of ``text``."""
        self._stop_timer()
        if self._dirty and self.target_id is not None:  # typed text belongs to the old target: save it there
            self._unsaved[(self.target_kind, self.target_id)] = (self.text, self.started_at)
            self.run_worker(self.flush(), group="notes-save")
        self.target_id = target_id
        self.target_kind = kind
        self.started_at = None
        kept = self._unsaved.pop((kind, target_id), None) if target_id is not None else None
        with self.prevent(TextArea.Changed):
            self.load_text(kept[0] if kept is not None else text)
        self.move_cursor(self.document.end)  # typing continues the note, it does not prepend
        self._dirty = kept is not None
        if kept is not None:
            self.started_at = kept[1]
        self.border_title = plain(title) if isinstance(title, str) else title
        self.disabled = target_id is None

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self or self.target_id is None:
            return
        now = self.app.clock.now() if hasattr(self.app, "clock") else None
        self.last_key_at = now
        if self.started_at is None:
            self.started_at = now
        self._dirty = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.flush)

    async def flush(self) -> bool:
        """Save now whatever was typed and is not saved yet (this target's text,
        and any kept for other targets). Returns True when nothing is left
        unsaved; on a failed save the text is kept and a new try is scheduled."""
        self._stop_timer()
        async with self._save_lock:
            failed = False
            for key, (text, started_at) in list(self._unsaved.items()):
                if await self._try_save(key, text, started_at):
                    if self._unsaved.get(key) == (text, started_at):
                        del self._unsaved[key]
                else:
                    failed = True
            if not failed and self._dirty and self.target_id is not None:
                key, text = (self.target_kind, self.target_id), self.text
                if await self._try_save(key, text, self.started_at):
                    if (self.target_kind, self.target_id) == key and self.text == text:
                        self._dirty = False
                else:
                    failed = True
            self._show_saved(not failed)
            return not self.unsaved

    async def _try_save(self, key: tuple[str, int], text: str, started_at) -> bool:
        """Save one text; False if the database failed (the text is kept)."""
        self.saving_kind = key[0]  # read by the saver before its first await
        self.saving_started_at = started_at
        try:
            await self._saver(key[1], text)
        except DB_ERRORS:
            return False
        except ProcedureError as exc:  # it can never be saved (the record is final, the target is gone)
            self.notify(f"Notes not saved: {exc}", severity="error", timeout=8, markup=False)
        return True

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
