"""One chair at a time: the chair's claim on a meeting (issue 11, case 5).

The chair's screen claims the meeting when it opens. If another chair's
screen is open on it — a ``chair`` presence row (``models.presence``) that
beat within ``presence.STALE_S`` seconds — the new screen is warned and acts
only once the chair takes over explicitly (:func:`take_over`: one
procedural-log row, ``chair_taken_over``). From then on the earlier screen's
chair actions are refused (:meth:`Claim.lost`, checked by
``models.procedure.common.chair_transaction`` at every chair action, inside
its transaction). A claim lapses
with its process: a screen that crashed or was killed stops beating, its row
goes stale, and a restarted chair's screen is not even warned.

Source: issue 11, case 5 ("a second chair on the same meeting is warned and
must take over explicitly (logged); the chair's claim lapses when its
process is gone").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, select

from models import presence
from models.procedure.common import chair_transaction, log
from models.store import Store
from models.tables import LogEntry, Presence

#: The log action of a take-over.
TAKEN_OVER = "chair_taken_over"


@dataclass
class Claim:
    """The chair's claim of one process on one meeting.

    Attributes:
        meeting_id: the meeting.
        presence_id: the process's presence row (``models.tables.Presence.id``).
        since_log_id: the newest procedural-log id when the claim began (its
            own take-over row, or the newest row when the screen opened).
        checked_id: the newest log id already looked at (each check reads
            only the rows written since the previous one).
    """

    meeting_id: str
    presence_id: int
    since_log_id: int
    checked_id: int = 0

    def __post_init__(self) -> None:
        self.checked_id = max(self.checked_id, self.since_log_id)

    def lost(self, s: Session) -> str:
        """"" while this claim holds; else what took it over, for the chair
        ("Refused: the chair's screen on HOST (process N) took over at …").
        Called in the chair action's transaction (``common.chair_transaction``);
        reads only the log rows written since the previous check (one indexed
        query; two when a take-over is among them)."""
        newest, taken = s.exec(select(func.max(LogEntry.id), func.max(case((LogEntry.action == TAKEN_OVER, LogEntry.id))))
                               .where(LogEntry.meeting_id == self.meeting_id, LogEntry.id > self.checked_id)).one()
        if newest is None:
            return ""
        row = s.get(LogEntry, taken) if taken is not None else None
        if row is not None and (row.detail or {}).get("presence_id") != self.presence_id:
            d = row.detail or {}
            return (f"Refused: the chair's screen on {d.get('host', '?')} (process {d.get('pid', '?')}) took "
                    f"over at {row.at:%H:%M:%S} UTC; this screen no longer acts for the chair. Quit it (Ctrl+Q).")
        self.checked_id = newest
        return ""


@dataclass(frozen=True)
class Warned:
    """The claim of a chair's screen opened while another chair's screen is
    open on the meeting: every chair action is refused until the chair takes
    over (:func:`take_over`)."""

    meeting_id: str
    other: Presence

    def lost(self, s: Session) -> str:
        """Why this screen may not act yet (always)."""
        return (f"Refused: the chair's screen on {self.other.host} (process {self.other.pid}) is open on this "
                "meeting; take over first (restart Floor and answer yes), or quit.")


def other_chair(store: Store, meeting_id: str, now: datetime, me: Presence | None = None,
                stale_s: float = presence.STALE_S) -> Presence | None:
    """The chair's screen open on the meeting in another process — its
    presence row beat within ``stale_s`` seconds of ``now`` (UTC) — or None
    (none, or only lapsed ones: crashed, killed, closed)."""
    with store.read() as s:
        q = select(Presence).where(Presence.meeting_id == meeting_id, Presence.role == "chair",
                                   Presence.seen_at >= now - timedelta(seconds=stale_s))
        if me is not None and me.id is not None:
            q = q.where(Presence.id != me.id)
        return s.exec(q.order_by(Presence.seen_at.desc()).limit(1)).first()


def claim(store: Store, meeting_id: str, me: Presence) -> Claim:
    """Claim the meeting for the process ``me`` (its presence row) without a
    take-over (no other chair's screen is open), and set it on ``store``."""
    with store.read() as s:
        newest = s.exec(select(func.max(LogEntry.id)).where(LogEntry.meeting_id == meeting_id)).one() or 0
    store.claim = Claim(meeting_id, me.id, newest)
    return store.claim


def take_over(store: Store, meeting_id: str, now: datetime, me: Presence, previous: Presence | None,
              actor: str = "chair") -> LogEntry:
    """The chair's screen ``me`` takes over the meeting from the one of
    ``previous`` (its presence row, from :func:`other_chair`): one log row
    naming both processes (host, process id); the earlier screen's chair
    actions are refused from now on. Sets the claim on ``store``.

    Raises:
        RoleRefused: this process is not the chair's.
    """
    store.claim = None  # a claim lost to a third screen is taken back by this very action
    with chair_transaction(store, meeting_id) as (s, m):
        was = (f" from the one on {previous.host} (process {previous.pid})" if previous is not None else "")
        entry = log(s, m, now, actor, TAKEN_OVER,
                    f"The chair's screen on {me.host} (process {me.pid}) took over{was}", undoable=False,
                    presence_id=me.id, host=me.host, pid=me.pid,
                    previous_host=previous.host if previous is not None else None,
                    previous_pid=previous.pid if previous is not None else None)
    store.claim = Claim(meeting_id, me.id, entry.id)
    return entry
