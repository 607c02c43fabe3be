"""What every chair action does: open the transaction, find the meeting, check
that it may act, read the current item and its queues, write the log row.

:func:`chair_transaction` is the one place where an action's transaction is
opened: it attaches a :class:`models.changes.ChangeTracker`, so :func:`log`
stores the before-image of exactly the rows the action touched (for undo).

Queue order: an entry's ``position`` is a sparse float key; a new or moved
entry takes a value between its neighbours (:func:`position_between`), so
an inscription or a move writes one row, not the whole list.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from models import roles
from models.changes import ChangeTracker
from models.store import Store
from models.tables import (
    POSITION_STEP,
    AgendaItem,
    Intervention,
    InterventionKind,
    InterventionStatus,
    LogEntry,
    Meeting,
    MeetingState,
    Participant,
    PointOfOrder,
)
from models.timing import limit_seconds, used_seconds, whole_seconds

WAITING = InterventionStatus.WAITING
SPEAKING = InterventionStatus.SPEAKING
SPOKE = InterventionStatus.SPOKE
#: Statuses of a statement that is its participant's one entry on the item
#: (DOMAIN.md, "The speakers list": one entry per participant per item).
ENTERED = (WAITING, SPEAKING, SPOKE)
STATEMENT, REPLY = InterventionKind.STATEMENT, InterventionKind.REPLY


class ProcedureError(Exception):
    """A chair action that cannot be taken now; the message is for the chair."""


class RoleRefused(ProcedureError):
    """A write this process's role does not allow (``models.roles``); nothing
    was written. A :class:`ProcedureError`, so every screen and command shows
    its message as it shows a refused chair action, never a traceback; and
    deliberately not a ``PermissionError``: that is an ``OSError``, which Floor
    reads as a database fault (``models.store.DB_ERRORS``) and retries.

    Attributes:
        role: the process's role (a ``models.roles.Role`` value).
        right: the right it lacks (``models.roles.PROCEDURE``, ``RECORD``, …).
    """

    def __init__(self, role: str, right: str, message: str | None = None) -> None:
        self.role, self.right = role, right
        super().__init__(message or roles.refusal(role, right))


def require(store: Store, right: str) -> None:
    """Refuse unless the process acting on ``store`` has ``right`` (``models.roles.RIGHTS``).

    Raises:
        RoleRefused: it has not.
    """
    role = roles.role_of(store)
    if right not in roles.RIGHTS[role]:
        raise RoleRefused(role.value, right)


def one_line_text(value: str | None, what: str, limit: int) -> str:
    """``value`` on one line (runs of blanks made one space), checked as a name
    is (``models.unstyle.name_problem``: no control characters, no
    bidirectional overrides): a subject, a reason, a title typed by a person.

    Raises:
        ProcedureError: longer than ``limit`` characters, or holding a control
            character; the message names ``what`` ("The reason is too long …").
    """
    from models.unstyle import name_problem

    text = " ".join((value or "").split())
    if len(text) > limit:
        raise ProcedureError(f"The {what} is too long: at most {limit:,} characters.")
    why = name_problem(text)
    if why:
        raise ProcedureError(f"The {what} {why}.")
    return text


# --------------------------------------------------------------------------- the transaction


@contextmanager
def chair_transaction(store: Store, meeting_id: str, right: str = roles.PROCEDURE) -> Iterator[tuple[Session, Meeting]]:
    """One chair action's transaction: yields (session, meeting), commits on
    success, rolls back on any error; every undoable row the action touches is
    tracked for its log row's before-image. ``right``: what the action needs
    of the process's role (``models.roles``; the chair's by default). A chair
    action also needs this process to hold the chair's claim, when it has one
    (``store.claim``: ``models.procedure.chair_claim``), checked under the
    transaction's write lock, so a take-over and an action never cross. On
    PostgreSQL the meeting's row is locked for the transaction, so actions on
    one meeting take turns as they do on SQLite (a participant's request sent
    twice at once is one request; two entries never take one place).

    Raises:
        RoleRefused: the process's role lacks ``right`` (nothing is opened),
            or another chair's screen took over.
        ProcedureError: no meeting with this id.
    """
    require(store, right)
    with store.transaction() as s:
        claim = store.claim
        if claim is not None and right == roles.PROCEDURE:
            lost = claim.lost(s)  # type: ignore[attr-defined]
            if lost:
                raise RoleRefused(roles.role_of(store).value, right, lost)
        s.info["changes"] = ChangeTracker(s)
        # the meeting's row locked (PostgreSQL: FOR UPDATE; SQLite's BEGIN IMMEDIATE already holds the database):
        # actions on one meeting from several processes (the chair, the web server's participants) take turns
        m = s.get(Meeting, meeting_id, with_for_update=True)
        if m is None:
            raise ProcedureError(f"No meeting '{meeting_id}' in this database.")
        yield s, m


def log(
    s: Session,
    m: Meeting,
    now: datetime,
    actor: str,
    action: str,
    summary: str,
    *,
    item_id: int | None = None,
    intervention_id: int | None = None,
    accepted: bool = True,
    undoable: bool = True,
    **detail: Any,
) -> LogEntry:
    """Write the action's one procedural-log row (with the before-image of the
    rows it touched when ``accepted`` and ``undoable``) and return it."""
    s.flush()
    tracker: ChangeTracker | None = s.info.get("changes")
    before = {"rows": tracker.rows()} if tracker is not None and accepted and undoable else None
    entry = LogEntry(
        meeting_id=m.id,
        at=now,
        actor=actor,
        action=action,
        item_id=item_id if item_id is not None else m.current_item_id,
        intervention_id=intervention_id,
        accepted=accepted,
        summary=summary,
        detail=detail,
        before=before,
    )
    s.add(entry)
    s.flush()
    return entry


# --------------------------------------------------------------------------- checks


def in_session(m: Meeting) -> None:
    """Refuse unless the meeting is in session (called to order, not suspended, not risen)."""
    if m.state == MeetingState.SCHEDULED:
        raise ProcedureError("The meeting has not been called to order yet (press o).")
    if m.state == MeetingState.SUSPENDED:
        raise ProcedureError("The meeting is suspended; resume it first (press s).")
    if m.state == MeetingState.ROSE:
        raise ProcedureError("The meeting has risen.")


def not_risen(m: Meeting) -> None:
    """Refuse once the meeting has risen."""
    if m.state == MeetingState.ROSE:
        raise ProcedureError("The meeting has risen.")


def no_point_pending(s: Session, m: Meeting) -> None:
    """Refuse while a point of order is being heard (the ruling comes first)."""
    if active_point(s, m) is not None:
        raise ProcedureError("A point of order is being heard; give the ruling first (press g).")


# --------------------------------------------------------------------------- reads


def current_item(s: Session, m: Meeting) -> AgendaItem:
    """The item open now.

    Raises:
        ProcedureError: no item is open.
    """
    if m.current_item_id is None:
        raise ProcedureError("No agenda item is open.")
    item = s.get(AgendaItem, m.current_item_id)
    assert item is not None
    return item


def agenda_items(s: Session, meeting_id: str) -> list[AgendaItem]:
    """The meeting's items in agenda order."""
    return list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)))


def _queue(item_id: int, kind: InterventionKind):
    return select(Intervention).where(
        Intervention.item_id == item_id, Intervention.status == WAITING, Intervention.kind == kind
    )


def waiting_entries(s: Session, item_id: int, kind: InterventionKind = STATEMENT) -> list[Intervention]:
    """Every entry waiting on the item's speakers list (or its right-of-reply queue), in order."""
    return list(s.exec(_queue(item_id, kind).order_by(Intervention.position, Intervention.id)))


def head_of_queue(s: Session, item_id: int, kind: InterventionKind = STATEMENT,
                  exclude: int | None = None) -> Intervention | None:
    """The first entry waiting on the queue (other than ``exclude``), or None (one indexed row)."""
    q = _queue(item_id, kind)
    if exclude is not None:
        q = q.where(Intervention.id != exclude)
    return s.exec(q.order_by(Intervention.position, Intervention.id).limit(1)).first()


def waiting_count(s: Session, item_id: int, kind: InterventionKind = STATEMENT) -> int:
    """How many entries wait on the queue."""
    return s.exec(
        select(func.count()).select_from(Intervention).where(
            Intervention.item_id == item_id, Intervention.status == WAITING, Intervention.kind == kind
        )
    ).one()


def current_speaker(s: Session, item_id: int) -> Intervention | None:
    """The intervention being given on the item, or None."""
    return s.exec(select(Intervention).where(Intervention.item_id == item_id, Intervention.status == SPEAKING)).first()


def speaking(s: Session, m: Meeting) -> tuple[Intervention, Participant]:
    """The intervention being given now and its participant.

    Raises:
        ProcedureError: nobody has the floor.
    """
    item = current_item(s, m)
    current = current_speaker(s, item.id)
    if current is None:
        raise ProcedureError("Nobody has the floor.")
    return current, who(s, current)


def participant_by_key(s: Session, m: Meeting, key: str) -> Participant:
    """The meeting's participant with this agenda id.

    Raises:
        ProcedureError: no such participant.
    """
    p = s.exec(select(Participant).where(Participant.meeting_id == m.id, Participant.key == key)).first()
    if p is None:
        raise ProcedureError(f"No participant '{key}' in this meeting.")
    return p


def entered_statement(s: Session, item_id: int, participant_id: int) -> Intervention | None:
    """The participant's one entry on the item's speakers list — a statement
    waiting, speaking or heard (DOMAIN.md, "The speakers list": one entry per
    participant per item) — or None; one waiting or speaking is named first."""
    return s.exec(
        select(Intervention).where(
            Intervention.item_id == item_id,
            Intervention.participant_id == participant_id,
            Intervention.kind == STATEMENT,
            Intervention.status.in_(ENTERED),  # type: ignore[attr-defined]
        ).order_by(Intervention.status == SPOKE)
    ).first()


def who(s: Session, iv: Intervention) -> Participant:
    """The participant of an entry."""
    p = s.get(Participant, iv.participant_id)
    assert p is not None
    return p


def active_point(s: Session, m: Meeting) -> PointOfOrder | None:
    """The point of order being heard, if any."""
    return s.exec(
        select(PointOfOrder).where(
            PointOfOrder.meeting_id == m.id, PointOfOrder.started_at != None, PointOfOrder.ended_at == None  # noqa: E711
        )
    ).first()


def queued_points(s: Session, m: Meeting) -> list[PointOfOrder]:
    """Points of order raised and not yet heard, first come first served."""
    return list(
        s.exec(
            select(PointOfOrder)
            .where(PointOfOrder.meeting_id == m.id, PointOfOrder.started_at == None)  # noqa: E711
            .order_by(PointOfOrder.raised_at, PointOfOrder.id)
        )
    )


def replies_held(m: Meeting) -> bool:
    """Whether the meeting holds rights of reply to the end of the meeting
    (``right_of_reply.heard_at: meeting_end``) rather than of the item."""
    return m.settings.get("right_of_reply", {}).get("heard_at", "item_end") == "meeting_end"


def replies_waiting(s: Session, m: Meeting, whole_meeting: bool = False) -> list[tuple[Intervention, Participant]]:
    """Rights of reply not yet heard, in the order they will be heard (first
    replies before second ones, each in order of request): those of the
    current item, or with ``whole_meeting`` those of every item."""
    q = (
        select(Intervention, Participant)
        .join(Participant, Participant.id == Intervention.participant_id)
        .join(AgendaItem, AgendaItem.id == Intervention.item_id)
        .where(AgendaItem.meeting_id == m.id, Intervention.kind == REPLY, Intervention.status == WAITING)
        .order_by(func.coalesce(Intervention.reply_number, 1), Intervention.id)
    )
    if not whole_meeting:
        q = q.where(Intervention.item_id == m.current_item_id)
    return list(s.exec(q).all())


def unheard_replies_check(s: Session, m: Meeting, confirmed: bool, *, rising: bool) -> list[str]:
    """Refuse to leave rights of reply unheard without the chair's confirmation:
    at an item change those of the item (unless held to the end of the
    meeting), at the rise those of the item, or of every item when held (those
    left at an earlier item change were confirmed then). Returns the
    participant keys confirmed as not heard.

    Raises:
        ProcedureError: replies wait and ``confirmed`` is false.
    """
    if not rising and replies_held(m):
        return []
    waiting = replies_waiting(s, m, whole_meeting=rising and replies_held(m))
    if waiting and not confirmed:
        names = ", ".join(dict.fromkeys(p.delegation for _iv, p in waiting))
        raise ProcedureError(
            f"{len(waiting)} right(s) of reply not yet heard ({names}): give them the floor first (n), "
            "or confirm to leave them not heard."
        )
    return [p.key for _iv, p in waiting]


# --------------------------------------------------------------------------- words


def ordinal(n: int | None) -> str:
    """1 → "first", 2 → "second" …"""
    return {1: "first", 2: "second", 3: "third"}.get(n or 0, f"{n}th")


def name_of(p: Participant) -> str:
    """How the log names a participant: "Brazil (on behalf of GRULAC)"."""
    return p.delegation + (f" (on behalf of {p.on_behalf_of})" if p.on_behalf_of else "")


# --------------------------------------------------------------------------- timing


def close_pause(iv: Intervention, now: datetime) -> None:
    """End an open pause of ``iv`` at ``now``; the paused seconds are not charged."""
    if iv.paused_since is not None:
        iv.paused_s += max(0.0, (now - iv.paused_since).total_seconds())
        iv.paused_since = None
        iv.pause_reason = ""


def finish(iv: Intervention, now: datetime) -> dict[str, Any]:
    """End a running intervention at ``now``; returns its figures for the log
    in whole seconds by ``models.timing``'s one rule (``used_s`` rounded down,
    ``paused_s``, ``limit_s`` the limit in force: allotted plus extensions,
    None if untimed). ``iv.used_s`` keeps the same whole seconds."""
    close_pause(iv, now)
    iv.ended_at = now
    iv.status = InterventionStatus.SPOKE
    iv.used_s = used_seconds(iv, now)
    return {"used_s": used_seconds(iv, now), "paused_s": whole_seconds(iv.paused_s), "limit_s": limit_seconds(iv)}


# --------------------------------------------------------------------------- places in a queue


def position_between(before: float | None, after: float | None) -> float | None:
    """A sort key strictly between two neighbours' (None: no neighbour on that
    side); None when floating point leaves no room (then renumber)."""
    if before is None and after is None:
        return POSITION_STEP
    if before is None:
        return after - POSITION_STEP
    if after is None:
        return before + POSITION_STEP
    middle = (before + after) / 2
    return middle if before < middle < after else None


def place(s: Session, iv: Intervention, before: float | None, kind: InterventionKind = STATEMENT) -> None:
    """Put ``iv`` right after the waiting entry at position ``before`` (None:
    first) of its item's queue, writing ``iv`` only — or, once in a blue moon
    when no float fits, renumbering that queue."""
    after_q = _queue(iv.item_id, kind).where(Intervention.id != iv.id)
    if before is not None:
        after_q = after_q.where(Intervention.position > before)
    after = s.exec(after_q.order_by(Intervention.position).limit(1)).first()
    position = position_between(before, after.position if after else None)
    if position is None:
        queue = [e for e in waiting_entries(s, iv.item_id, kind) if e.id != iv.id]
        at = 0 if before is None else sum(1 for e in queue if e.position <= before)
        queue.insert(at, iv)
        for i, entry in enumerate(queue):
            entry.position = (i + 1) * POSITION_STEP
        return
    iv.position = position


def last_position(s: Session, item_id: int, kind: InterventionKind = STATEMENT, *, where: Any = None,
                  exclude: int | None = None) -> float | None:
    """The largest position among the queue's waiting entries (matching the
    extra condition ``where``, on Intervention joined with Participant), or None."""
    q = (
        select(func.max(Intervention.position))
        .join(Participant, Participant.id == Intervention.participant_id)
        .where(Intervention.item_id == item_id, Intervention.status == WAITING, Intervention.kind == kind)
    )
    if where is not None:
        q = q.where(where)
    if exclude is not None:
        q = q.where(Intervention.id != exclude)
    return s.exec(q).one()


def place_number(s: Session, iv: Intervention) -> int:
    """The place (1-based) of a waiting entry in its queue, as shown to people."""
    return s.exec(
        select(func.count()).select_from(Intervention).where(
            Intervention.item_id == iv.item_id, Intervention.status == WAITING, Intervention.kind == iv.kind,
            (Intervention.position < iv.position) | ((Intervention.position == iv.position) & (Intervention.id < iv.id)),
        )
    ).one() + 1


def end_of_category_position(s: Session, item_id: int, category: str, settings: dict[str, Any],
                             exclude: int | None = None) -> float | None:
    """The position after which an entry of ``category`` goes: that of the last
    waiting entry whose category ranks with or before it under the meeting's
    ``precedence`` (categories not listed rank first), or None (goes first)."""
    precedence = settings.get("precedence", [])
    later = precedence[precedence.index(category) + 1:] if category in precedence else list(precedence)
    first = ~_earlier_entry().exists()  # second entries (the Chair's override) stay after everyone not yet heard
    return last_position(s, item_id, where=(Participant.category.not_in(later) & first) if later else first,
                         exclude=exclude)


def _earlier_entry():
    """An earlier statement of the same participant on the same item that
    counts as its entry (correlated with the outer ``Intervention``)."""
    earlier = aliased(Intervention)
    return select(earlier.id).where(
        earlier.item_id == Intervention.item_id, earlier.participant_id == Intervention.participant_id,
        earlier.kind == STATEMENT, earlier.status.in_(ENTERED), earlier.id < Intervention.id,
    )


def is_second_entry(s: Session, iv: Intervention) -> bool:
    """Whether the statement ``iv`` was inscribed by the Chair's override while
    its participant already had an entry on the item (waiting, speaking or heard)."""
    return s.exec(
        select(func.count()).select_from(Intervention).where(
            Intervention.item_id == iv.item_id, Intervention.participant_id == iv.participant_id,
            Intervention.kind == STATEMENT, Intervention.status.in_(ENTERED), Intervention.id < iv.id,
        )
    ).one() > 0
