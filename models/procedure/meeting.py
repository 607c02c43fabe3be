"""The meeting: called to order, suspended and resumed, rises; items taken up in turn.

DOMAIN.md, "The meeting"; the minutes say "called to order at …", "suspended at … and resumed at …", "rose at …".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from models import roles
from models.procedure.common import (
    ProcedureError,
    agenda_items,
    chair_transaction,
    close_pause,
    current_item,
    current_speaker,
    finish,
    in_session,
    log,
    no_point_pending,
    replies_waiting,
    unheard_replies_check,
    waiting_entries,
)
from models.procedure.floor_requests import pending_requests
from models.store import Store
from models.tables import (
    AgendaItem,
    InterventionStatus,
    LogEntry,
    Meeting,
    MeetingState,
    RequestStatus,
    Suspension,
)


def _open_item(s: Session, m: Meeting, item: AgendaItem, now: datetime) -> None:
    m.current_item_id = item.id
    if item.started_at is None:
        item.started_at = now
    item.ended_at = None
    item.opened_at = now


def _close_item(s: Session, m: Meeting, now: datetime) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    if m.current_item_id is None:
        return detail
    item = current_item(s, m)
    current = current_speaker(s, item.id)
    if current is not None:
        detail["ended_intervention"] = current.id
        detail.update(finish(current, now))
    item.ended_at = now
    if item.opened_at is not None:
        item.elapsed_s += (now - item.opened_at).total_seconds()
        item.opened_at = None
    return detail


def call_to_order(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Call the meeting to order: it is in session and its first item opens.

    Raises:
        ProcedureError: the meeting was already called to order.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        if m.state != MeetingState.SCHEDULED:
            raise ProcedureError("The meeting has already been called to order.")
        items = agenda_items(s, meeting_id)
        m.state = MeetingState.IN_SESSION
        m.called_to_order_at = now
        if items:
            _open_item(s, m, items[0], now)
        late = round((now - m.scheduled_start).total_seconds()) if m.scheduled_start else None
        from models.unstyle import local

        today = local(now, m.timezone).date().isoformat()
        summary = "The meeting was called to order"
        if today != m.date:
            summary += f" (note: on {today}, not on the scheduled date {m.date})"
        return log(s, m, now, actor, "called_to_order", summary, delay_s=late, local_date=today)


def suspend(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Suspend the meeting: the running countdown pauses (not charged).

    Raises:
        ProcedureError: the meeting is not in session.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        m.state = MeetingState.SUSPENDED
        s.add(Suspension(meeting_id=m.id, item_id=m.current_item_id, suspended_at=now))
        paused = None
        if m.current_item_id is not None:
            current = current_speaker(s, m.current_item_id)
            if current is not None and current.paused_since is None:
                current.paused_since = now
                current.pause_reason = "suspension"
                paused = current.id
        return log(s, m, now, actor, "suspended", "The meeting was suspended", intervention_id=paused)


def resume(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Resume a suspended meeting; a countdown paused by the suspension runs again.

    Raises:
        ProcedureError: the meeting is not suspended.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        if m.state != MeetingState.SUSPENDED:
            raise ProcedureError("The meeting is not suspended.")
        m.state = MeetingState.IN_SESSION
        open_s = s.exec(
            select(Suspension).where(Suspension.meeting_id == m.id, Suspension.resumed_at == None)  # noqa: E711
        ).first()
        if open_s is not None:
            open_s.resumed_at = now
        resumed = None
        if m.current_item_id is not None:
            current = current_speaker(s, m.current_item_id)
            if current is not None and current.pause_reason == "suspension":
                close_pause(current, now)
                resumed = current.id
        return log(s, m, now, actor, "resumed", "The meeting resumed", intervention_id=resumed)


#: Why a participant's request still pending when the meeting rose was declined.
ROSE_REASON = "The meeting rose before the request was taken up"


def rise(store: Store, meeting_id: str, now: datetime, confirmed: bool = False, actor: str = "chair") -> LogEntry:
    """The meeting rises: the running intervention and item end; speakers and
    rights of reply still waiting on any item become "not reached";
    participants' requests still pending are declined with the reason
    :data:`ROSE_REASON` (``models.procedure.floor_requests``).

    Args:
        confirmed: the chair confirmed leaving rights of reply not heard.

    Raises:
        ProcedureError: the meeting was never called to order, or has risen;
            or rights of reply wait and ``confirmed`` is false.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        if m.state in (MeetingState.SCHEDULED, MeetingState.ROSE):
            raise ProcedureError("The meeting is not in session.")
        no_point_pending(s, m)
        replies = unheard_replies_check(s, m, confirmed, rising=True)
        open_s = s.exec(
            select(Suspension).where(Suspension.meeting_id == m.id, Suspension.resumed_at == None)  # noqa: E711
        ).first()
        if open_s is not None:
            open_s.resumed_at = now
        detail = _close_item(s, m, now)
        not_reached = 0
        for item in agenda_items(s, m.id):
            for iv in waiting_entries(s, item.id):
                iv.status = InterventionStatus.NOT_REACHED
                not_reached += 1
        for iv, _p in replies_waiting(s, m, whole_meeting=True):
            iv.status = InterventionStatus.NOT_REACHED
        m.state = MeetingState.ROSE
        m.rose_at = now
        if replies:
            detail["replies_not_heard"] = replies
        pending = pending_requests(s, m.id)
        for request in pending:  # the participant's page shows why
            request.status, request.decided_at, request.reason = RequestStatus.DECLINED, now, ROSE_REASON
        if pending:
            detail["requests_declined"] = [r.id for r in pending]
        return log(s, m, now, actor, "rose", "The meeting rose", not_reached=not_reached, **detail)


def go_to_item(
    store: Store, meeting_id: str, now: datetime, step: int = 1, confirmed: bool = False, actor: str = "chair"
) -> LogEntry:
    """Close the current item (ending any intervention) and open the next
    (``step=1``) or previous (``step=-1``) item of the agenda.

    Rights of reply still waiting on the item (``right_of_reply.heard_at:
    item_end``, the default) are left waiting there — not heard — only when
    the chair ``confirmed`` it; held to the end of the meeting, they stay queued.

    Raises:
        ProcedureError: not in session, no item in that direction, or rights
            of reply wait on the item and ``confirmed`` is false.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        no_point_pending(s, m)
        items = agenda_items(s, m.id)
        index = next((i for i, it in enumerate(items) if it.id == m.current_item_id), -1)
        target = index + step
        if not 0 <= target < len(items):
            raise ProcedureError("There is no next item." if step > 0 else "There is no previous item.")
        replies = unheard_replies_check(s, m, confirmed, rising=False)
        detail = _close_item(s, m, now)
        if replies:
            detail["replies_not_heard"] = replies
        old = items[index].number if index >= 0 else None
        _open_item(s, m, items[target], now)
        return log(
            s, m, now, actor, "item_opened", f"Item {items[target].number} taken up", from_item=old, **detail
        )


def note_network_share(store: Store, meeting_id: str, now: datetime, filesystem: str, folder: str, command: str,
                       actor: str = "chair") -> LogEntry:
    """Put on the procedural log that the meeting's database was opened on a
    network file system at the user's insistence (``floor --i-know COMMAND``),
    so the secretariat can see it later (the log screen, the JSON record).
    SQLite's write-ahead log does not work there (https://www.sqlite.org/wal.html;
    ``models.network_share``). Taken in any state of the meeting; not undoable;
    changes nothing but the log.

    Args:
        filesystem: where the file system is, e.g. "nfs4 at /mnt/share".
        folder: the database's folder.
        command: the ``floor`` command that opened it ("run", "notes"…).

    Raises:
        ProcedureError: no meeting with this id.
    """
    with chair_transaction(store, meeting_id, roles.OWN_LOG) as (s, m):
        return log(s, m, now, actor, "network_share_override",
                   f"The database was opened on a network file system ({filesystem}) at the user's insistence "
                   f"(floor --i-know {command}), although SQLite's write-ahead log does not work there",
                   undoable=False, filesystem=filesystem, folder=folder, command=command)
