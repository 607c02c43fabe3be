"""The rapporteur's notes field: a TextArea that saves itself.

Loading text never counts as typing (``prevent(TextArea.Changed)``); typing
marks the field dirty and saves one second after the last keystroke at the
latest (``AUTOSAVE_DELAY`` s), and the owner flushes it at every speaker
change and at quit.

Notes are data: a control character in them (pasted from a PDF, or saved by
an older version) is shown as its visible symbol (``models.unstyle.visible``:
U+0002 as "␂", ESC as "␛"), and a paste stores that symbol, so the field
never sends a terminal sequence and the note stays writable to Word.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import events
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import TextArea

from models.unstyle import visible
from tui.literal import plain

#: Seconds after the last keystroke before the notes are saved.
AUTOSAVE_DELAY = 0.8


class NotesArea(TextArea):
    """Notes bound to one target (an intervention or an item) at a time.

    ``saver(target_id, text)`` is awaited to store the text. Escape leaves the
    field so the chair's keys work again.
    """

    BINDINGS = [Binding("escape", "leave", "Leave notes", id="leave_notes")]

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
        """A paste goes in as text: line ends as typed, control characters as their symbols."""
        text = visible(event.text.replace("\r\n", "\n").replace("\r", "\n"), breaks=True)
        if text != event.text:  # TextArea's own handler pastes the text as cleaned
            event.prevent_default()
            event.stop()
            self.post_message(events.Paste(text))

    def load_text(self, text: str) -> None:
        """Show ``text`` (control characters as their symbols, tabs and line feeds kept)."""
        super().load_text(visible(text, breaks=True))

    def bind_to(self, target_id: int | None, text: str, title, kind: str = "") -> None:
        """Show ``text`` for ``target_id`` (None: nothing to take notes on);
        ``title`` (a ``str`` or a Rich ``Text``) is shown as text, never as markup."""
        pending = self._take_pending()
        if pending is not None:  # typed text belongs to the old target: save it there
            self.run_worker(self._save_pending(pending, self.target_kind, self.started_at), group="notes-save")
        self.target_id = target_id
        self.target_kind = kind
        self.started_at = None
        with self.prevent(TextArea.Changed):
            self.load_text(text)
        self.move_cursor(self.document.end)  # typing continues the note, it does not prepend
        self._dirty = False
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

    async def flush(self) -> None:
        """Save now if anything was typed since the last save."""
        pending = self._take_pending()
        if pending is not None:
            await self._save_pending(pending, self.target_kind, self.started_at)

    async def _save_pending(self, pending: tuple[int, str], kind: str, started_at) -> None:
        self.saving_kind = kind  # read by the saver before its first await
        self.saving_started_at = started_at
        await self._saver(*pending)

    def _take_pending(self) -> tuple[int, str] | None:
        """(target, text) still to save, and mark it saved; None if clean."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._dirty or self.target_id is None:
            return None
        self._dirty = False
        return self.target_id, self.text

    @property
    def dirty(self) -> bool:
        """True while typed text is not yet saved."""
        return self._dirty

    def action_leave(self) -> None:
        """Move focus to the list beside the notes (the speakers list, or the rapporteur's index)."""
        lists = self.screen.query("DataTable, SpeakersTable, NotesIndex")
        if lists:
            self.screen.set_focus(lists.first())
