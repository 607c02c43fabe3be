"""Following the other screens by notification, on a database server.

On PostgreSQL every write on a meeting notifies the meeting's channel in its
own transaction (``models.store.Store.transaction``). :func:`follow` starts a
thread that waits for those notifications (``Store.wait_for_change``) and, at
each, runs the screen's follow-up (the same coroutine its timer runs), so a
screen sees another machine's action as it commits instead of at its next
poll; the screen's timer stays, slower, for what a notification cannot say
(a server restarted, a connection lost). On SQLite nothing is started: the
screens' own polling of the change markers is as fast and cheaper.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from textual.screen import Screen
from textual.worker import get_current_worker

from models.store import StoreError

#: How long one wait lasts before the thread looks whether it was cancelled (seconds).
WAIT_S = 0.5
#: How often a screen that follows by notification still polls, as a safety net (seconds).
FALLBACK_POLL_S = 1.0


def follow(screen: Screen, on_change: Callable[[], Awaitable[None]]) -> bool:
    """On a database server, run ``on_change()`` (a coroutine function of the
    screen, e.g. its ``watch_others``) on the event loop each time another
    connection commits a change to the app's meeting; a thread worker of the
    screen waits for the notifications and ends with the screen.

    Returns True if started (PostgreSQL), False on SQLite (nothing started).
    Database faults are left to ``on_change``'s own reading (which reports
    them); the thread waits a second and listens again.
    """
    app = screen.app
    store, meeting_id = app.store, app.meeting_id
    if not store.is_server:
        return False

    def wait() -> None:
        worker = get_current_worker()
        while not worker.is_cancelled:
            try:
                changed = store.wait_for_change(meeting_id, WAIT_S)
            except StoreError:
                time.sleep(1.0)
                continue
            if changed and not worker.is_cancelled:
                try:
                    app.call_from_thread(screen.run_worker, on_change(), group="follow")
                except RuntimeError:  # the app is closing
                    return

    screen.run_worker(wait, thread=True, group="notifications", exclusive=True, exit_on_error=False)
    return True
