"""Who has a screen open on a meeting: heartbeats in the shared database.

The rapporteur's desk beats every few seconds; the chair's screen reads the
beat to make its own notes read-only (one writer per note). A beat older than
:data:`STALE_S` seconds counts as gone (a crashed or closed laptop).
"""

from __future__ import annotations

from datetime import datetime

from models.store import Store
from models.tables import Presence

#: Seconds after which a heartbeat no longer counts.
STALE_S = 5.0


def beat(store: Store, meeting_id: str, role: str, now: datetime) -> None:
    """Record that ``role`` (e.g. "rapporteur") has a screen open on the meeting at ``now`` (UTC)."""
    with store.transaction() as s:
        row = s.get(Presence, (meeting_id, role))
        if row is None:
            s.add(Presence(meeting_id=meeting_id, role=role, seen_at=now))
        else:
            row.seen_at = now


def leave(store: Store, meeting_id: str, role: str) -> None:
    """``role`` closed its screen."""
    with store.transaction() as s:
        row = s.get(Presence, (meeting_id, role))
        if row is not None:
            s.delete(row)


def is_present(store: Store, meeting_id: str, role: str, now: datetime) -> bool:
    """True if ``role`` beat within the last :data:`STALE_S` seconds."""
    with store.read() as s:
        row = s.get(Presence, (meeting_id, role))
    return row is not None and (now - row.seen_at).total_seconds() <= STALE_S
