"""Who has a screen open on a meeting: one row per running Floor process,
with a heartbeat, in the shared database.

A process :func:`enter`\\ s when its screen opens (role, host, process id,
start; UTC), :func:`beat`\\ s every second or two, and :func:`leave`\\ s on a
clean exit. The chair's screen reads the beats of the rapporteur's desks to
make its own notes read-only (one writer per note): any rapporteur process
that beat within :data:`STALE_S` seconds counts. A row whose beat is older
belongs to a process that crashed, froze or lost the database; the chair's
next screen reads its own previous row (:func:`previous`) to tell the gap in
the app's life, then clears the stale rows (:func:`sweep`).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlmodel import Session, select

from models.store import Store
from models.tables import Presence

#: Seconds after which a heartbeat no longer counts.
STALE_S = 5.0


def this_host() -> str:
    """The name of this machine (as ``Presence.host``)."""
    return socket.gethostname()


def enter(store: Store, meeting_id: str, role: str, now: datetime, *,
          host: str | None = None, pid: int | None = None) -> Presence:
    """Add this process's row (``role``: "chair" or "rapporteur") at ``now``
    (UTC) and return it (detached; pass it to :func:`beat` and :func:`leave`).
    ``host`` and ``pid`` default to this machine and process (tests give others)."""
    row = Presence(meeting_id=meeting_id, role=role, host=this_host() if host is None else host,
                   pid=os.getpid() if pid is None else pid, started_at=now, seen_at=now)
    with store.transaction() as s:
        s.add(row)
    return row


def beat(store: Store, me: Presence, now: datetime) -> None:
    """Record that the process ``me`` (from :func:`enter`) is alive at ``now``
    (UTC). If another screen cleared its row meanwhile (it looked stale after
    a sleep), the row is put back."""
    with store.transaction() as s:
        row = s.get(Presence, me.id)
        if row is None:
            s.add(Presence(id=me.id, meeting_id=me.meeting_id, role=me.role, host=me.host, pid=me.pid,
                           started_at=me.started_at, seen_at=now))
        else:
            row.seen_at = now
    me.seen_at = now


def leave(store: Store, me: Presence) -> None:
    """The process ``me`` closes its screen: its row goes."""
    with store.transaction() as s:
        row = s.get(Presence, me.id)
        if row is not None:
            s.delete(row)


def is_present(store: Store, meeting_id: str, role: str, now: datetime, stale_s: float = STALE_S) -> bool:
    """True if any process of ``role`` beat within the last ``stale_s`` seconds of ``now``."""
    with store.read() as s:
        row = s.exec(select(Presence.id).where(
            Presence.meeting_id == meeting_id, Presence.role == role,
            Presence.seen_at >= now - timedelta(seconds=stale_s)).limit(1)).first()
    return row is not None


def open_screens(store: Store, now: datetime, stale_s: float = STALE_S) -> list[Presence]:
    """Every Floor process, of any meeting, that beat within ``stale_s`` seconds of ``now`` (UTC)."""
    with store.read() as s:
        return list(s.exec(select(Presence).where(Presence.seen_at >= now - timedelta(seconds=stale_s))))


def _alive_here(row: Presence) -> bool:
    """True if ``row``'s process runs on this machine right now (``os.kill(pid, 0)``)."""
    if row.host != this_host() or row.pid <= 0 or row.pid == os.getpid():
        return False
    try:
        os.kill(row.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def previous(s: Session, me: Presence, now: datetime, stale_s: float) -> Presence | None:
    """The previous process of ``me``'s role on ``me``'s meeting: the newest
    other row of that role, if its heartbeat is more than ``stale_s`` seconds
    old and, on this machine, its process is gone. None if there is none, or
    if the newest other one is alive (a second screen of that role is open)."""
    row = s.exec(select(Presence).where(
        Presence.meeting_id == me.meeting_id, Presence.role == me.role, Presence.id != me.id,
    ).order_by(Presence.seen_at.desc()).limit(1)).first()
    if row is None or (now - row.seen_at).total_seconds() <= stale_s or _alive_here(row):
        return None
    return row


def sweep(s: Session, meeting_id: str, now: datetime, stale_s: float) -> int:
    """Delete the rows of the meeting whose heartbeat is older than ``stale_s``
    seconds and whose process is not running on this machine; returns how many."""
    stale = s.exec(select(Presence).where(
        Presence.meeting_id == meeting_id, Presence.seen_at < now - timedelta(seconds=stale_s))).all()
    gone = [row for row in stale if not _alive_here(row)]
    for row in gone:
        s.delete(row)
    return len(gone)
