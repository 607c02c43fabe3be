"""The Floor application: one chair's screen over one meeting in the store."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding

from models.clock import Clock, SystemClock
from models.store import Store
from tui.terminal_input import tolerate_invalid_utf8

T = TypeVar("T")

tolerate_invalid_utf8()  # a pasted byte that is not UTF-8 must not end the meeting (Textual issue #6456)


class FloorApp(App[None]):
    """The chair's application.

    Args:
        store: the database (see ``models.store.Store``).
        meeting_id: the meeting to chair.
        clock: where "now" comes from (``SystemClock`` in production, a
            ``FakeClock`` in tests).
        actor: who the procedural log says acted ("chair", "rapporteur").
        refresh_interval: seconds between display refreshes (the countdown
            is recomputed from timestamps at each refresh).
        startup_note: a message shown once the screen is up (e.g. the agenda
            file changed since the import).
        mode: "chair" (the chair's screen), "rapporteur" (the rapporteur's
            desk: notes only, following the chair through the database) or
            "display" (the room's display: read-only, follows the chair) or
            "series" (the Series screen alone: ``floor series --screen``;
            ``meeting_id`` may be "").
        series_id: with mode "series", the series selected first.
        interruption_s: seconds; a gap in the chair screen's life (crash,
            sleep, frozen process) or a jump of the wall clock longer than this,
            while someone has the floor, is put to the chair
            (``tui.screens.interruption``). None: no gap is looked for (tests
            that move a fake clock freely); ``floor run`` gives 5 by default.
    """

    TITLE = "Floor"
    CSS_PATH = Path(__file__).with_name("floor.tcss")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "Help", id="help_anywhere", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", id="quit_anywhere", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        meeting_id: str,
        clock: Clock | None = None,
        actor: str | None = None,
        refresh_interval: float = 0.2,
        startup_note: str = "",
        mode: str = "chair",
        interruption_s: float | None = None,
        series_id: str | None = None,
    ) -> None:
        super().__init__()
        self.series_id = series_id
        self.startup_note = startup_note
        self.mode = mode
        self.store = store
        self.meeting_id = meeting_id
        self.clock: Clock = clock or SystemClock()
        self.actor = actor or "chair"
        self.refresh_interval = refresh_interval
        self.interruption_s = interruption_s
        # One thread for every database write: writes stay in the order the
        # chair pressed the keys and never block the event loop.
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="floor-db")
        self._backups: ThreadPoolExecutor | None = None  # started at the first automatic backup
        # The database fault being shown (tui.faults), and its banner's text.
        self.db_fault = None
        self.db_fault_text: str | None = None
        self._quit_asked_at: float | None = None  # a quit refused because notes could not be saved
        self._signals: list[int] = []

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a database call on the writer thread and await its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db, lambda: fn(*args, **kwargs))

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Textual's notification, always as text: a message naming a delegation,
        a path or a note never reads as markup, its control characters shown as
        symbols (``tui.literal``). ``markup`` is ignored; Floor's messages have none."""
        from models.unstyle import visible

        super().notify(visible(str(message), breaks=True), title=visible(title), severity=severity, timeout=timeout,
                       markup=False)

    def on_mount(self) -> None:
        self._catch_signals()
        if self.mode == "rapporteur":
            from tui.screens.rapporteur import RapporteurScreen

            self.title = "Floor — rapporteur"
            self.push_screen(RapporteurScreen())
        elif self.mode == "display":
            from tui.screens.display import DisplayScreen

            self.title = "Floor — display"
            self.push_screen(DisplayScreen())
        elif self.mode == "series":
            from tui.screens.series import SeriesScreen

            self.title = "Floor — series"
            self.push_screen(SeriesScreen(self.series_id, standalone=True))
        else:
            from tui.screens.chair import ChairScreen

            self.push_screen(ChairScreen())

    def on_ready(self) -> None:
        """Once the first frame is up: move every object made so far (modules,
        styles, the meeting) out of the collector's reach, so a full garbage
        collection never pauses the countdown mid-meeting (``gc.freeze``)."""
        import gc

        gc.collect()
        gc.freeze()

    def action_help(self) -> None:
        """Show every key of the chair's screen."""
        from tui.screens.chair import ChairScreen
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            from tui.screens.series import SeriesScreen

            if isinstance(self.screen, SeriesScreen):
                self.push_screen(HelpScreen([*SeriesScreen.BINDINGS, *self.BINDINGS]))
            elif self.mode == "rapporteur":
                from tui.screens.rapporteur import RapporteurScreen

                self.push_screen(HelpScreen([*RapporteurScreen.BINDINGS, *self.BINDINGS]))
            elif self.mode == "display":
                from tui.screens.display import DisplayScreen

                self.push_screen(HelpScreen([*DisplayScreen.BINDINGS, *self.BINDINGS]))
            else:
                self.push_screen(HelpScreen([*ChairScreen.BINDINGS, *self.BINDINGS], legend=ChairScreen.LEGEND))

    async def _flush_notes(self) -> bool:
        """Save the notes being typed on every screen; True if all are saved."""
        from tui.widgets.notes import NotesArea

        for screen in self.screen_stack:
            flush = getattr(screen, "flush_notes", None)
            if flush is not None:
                await flush()
        return not any(notes.unsaved for screen in self.screen_stack for notes in screen.query(NotesArea))

    async def action_quit(self) -> None:
        """Save the notes being typed, then leave. If they cannot be saved (the
        database fails), stay, and say so: a second quit within
        ``QUIT_AGAIN_S`` seconds leaves without them."""
        import time

        saved = await self._flush_notes()
        again = self._quit_asked_at is not None and time.monotonic() - self._quit_asked_at < self.QUIT_AGAIN_S
        if not saved and not again:
            self._quit_asked_at = time.monotonic()
            self.notify("The notes could not be saved (see the red line); Floor keeps trying. "
                        f"Quit again within {self.QUIT_AGAIN_S:.0f} s to leave without them.",
                        severity="error", timeout=self.QUIT_AGAIN_S, markup=False)
            return
        self.exit()

    async def on_exit_app(self) -> None:
        """Whatever ends the app (a browser tab closed under ``floor serve``
        asks it to exit without a key press): save the notes being typed first.
        A failure does not hold the exit (the text typed since the last
        autosave, under a second, is then lost)."""
        try:
            await self._flush_notes()
        except Exception:  # leaving anyway: nobody is left to tell
            pass

    #: Seconds within which a second quit leaves although notes could not be saved.
    QUIT_AGAIN_S = 5.0

    def _catch_signals(self) -> None:
        """SIGHUP (the terminal closed, ssh dropped) and SIGTERM: save what is
        typed, then leave through Textual's normal exit, which gives the
        terminal back (alternate screen off, cooked mode)."""
        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self._on_signal, signum)
                self._signals.append(signum)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):  # not the main thread, or Windows
            pass

    def _on_signal(self, signum: int) -> None:
        self.run_worker(self._save_and_exit(signum), group="signal", exclusive=True)

    #: Seconds the normal exit may take after a signal before the process ends
    #: anyway (a terminal that was really closed can block Textual's last writes).
    SIGNAL_EXIT_GRACE_S = 3.0

    async def _save_and_exit(self, signum: int) -> None:
        import os
        import threading

        try:
            await self._flush_notes()
        finally:
            # The notes are saved: if the terminal is gone and Textual's exit
            # hangs writing to it, end the process all the same.
            guard = threading.Timer(self.SIGNAL_EXIT_GRACE_S, os._exit, args=(128 + signum,))
            guard.daemon = True
            guard.start()
            self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for signum in self._signals:
                loop.remove_signal_handler(signum)
        except (RuntimeError, ValueError):
            pass
        self._signals.clear()

    def backup_soon(self, reason: str) -> None:
        """Write an automatic backup of the database (``models.backup.rotating_backup``)
        on a thread of its own, so neither the screen nor the chair's next
        action waits for it; a failure is a notification, never a crash."""
        from models.backup import BackupError, rotating_backup

        store, now = self.store, self.clock.now()

        def run() -> None:
            try:
                rotating_backup(store.url, reason, now)
            except BackupError as exc:
                try:
                    self.call_from_thread(self.notify, f"Backup not written: {exc}", severity="warning", timeout=8)
                except RuntimeError:  # the app has closed meanwhile
                    pass

        if self._backups is None:
            self._backups = ThreadPoolExecutor(max_workers=1, thread_name_prefix="floor-backup")
        self._backups.submit(run)

    def close_writer(self) -> None:
        """Wait for pending writes and backups and stop their threads (after ``run``)."""
        self._db.shutdown(wait=True)
        if self._backups is not None:
            self._backups.shutdown(wait=True)

