"""Attendance: who was there, in the room or online, and since when.

The secretariat takes attendance as delegations arrive (the roster screen,
``R`` on the chair's screen): a participant is marked present in person or
online, with its arrival time (aware UTC, the first time it was marked), or
not present again (marked in error). Being given the floor implies presence
(:func:`imply_presence`, called by ``floor.give_floor`` in its own
transaction), except for a pre-recorded statement (mode ``video``): playing a
video does not put the delegation in the room. A failed call ("absent", "not
connected") takes back the presence that the call itself implied.

Attendance belongs to a delegation, not to one of its entries: a State that
speaks for a group and nationally is two participants with one delegation
(DOMAIN.md, "The speakers list"), and marking one marks both; Annex I counts
the delegation once. The Chair and panellists sit in a personal capacity:
their attendance is theirs alone (the Chair's country is not counted as a
delegation because its chair presides).

Stored in ``Participant.attendance`` ("in_person" | "online" | None) and
``Participant.arrived_at`` (schema 0004). Each chair action is one
transaction and one procedural-log row, undone like any other
(``models.changes`` tracks participant rows).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from models.categories import label
from models.procedure.common import ProcedureError, chair_transaction, log, participant_by_key
from models.store import Store
from models.tables import LogEntry, Meeting, Participant

#: How a participant can be present.
PRESENT_MODES: tuple[str, ...] = ("in_person", "online")
#: Categories whose members attend in a personal capacity (never merged with a delegation).
INDIVIDUAL: frozenset[str] = frozenset({"chair", "panellist"})


def registered_presence(p: Participant) -> str:
    """The way ``p`` is present by default: "online" if it registered to take
    the floor online or by video, else "in_person"."""
    return "online" if p.mode in ("online", "video") else "in_person"


def attendance_key(p: Participant) -> str:
    """What attendance is counted by: the delegation for a delegation's
    participants (a State speaking for a group and nationally is one
    delegation), the participant itself for the Chair and panellists."""
    return f"participant:{p.key}" if p.category in INDIVIDUAL else f"delegation:{p.delegation}"


def delegation_members(s: Session, p: Participant) -> list[Participant]:
    """``p`` and every other participant of the meeting that shares its
    attendance (:func:`attendance_key`), in roster order."""
    if p.category in INDIVIDUAL:
        return [p]
    rows = s.exec(select(Participant).where(Participant.meeting_id == p.meeting_id,
                                            Participant.delegation == p.delegation).order_by(Participant.id))
    return [q for q in rows if q.category not in INDIVIDUAL] or [p]


def _not_final(m: Meeting) -> None:
    if m.record_status == "final":
        raise ProcedureError("The record is final: attendance can no longer change; the secretariat corrects it (floor correct).")


def mark_present(store: Store, meeting_id: str, now: datetime, participant_key: str, mode: str | None = None,
                 actor: str = "chair") -> LogEntry:
    """Mark a participant's delegation present, in person or online (``mode``;
    default its registered way, :func:`registered_presence`), arriving at
    ``now`` (aware UTC). Marking a delegation already present in the other
    mode switches its mode and keeps its arrival time. Allowed before the call
    to order and after the rising (the secretariat completes the record),
    never once the record is final.

    Raises:
        ProcedureError: no such participant, an unknown mode, already present
            in that mode, or the record is final.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        _not_final(m)
        p = participant_by_key(s, m, participant_key)
        mode = mode or registered_presence(p)
        if mode not in PRESENT_MODES:
            raise ProcedureError(f"Attendance is in person or online, not '{mode}'.")
        members = delegation_members(s, p)
        if all(q.attendance == mode for q in members):
            raise ProcedureError(f"{p.delegation} is already recorded as present {label(mode)}.")
        was = next((q.attendance for q in members if q.attendance), None)
        for q in members:
            if q.arrived_at is None:
                q.arrived_at = now
            q.attendance = mode
        summary = (f"{p.delegation}: present {label(mode)} (was {label(was)})" if was
                   else f"{p.delegation}: present {label(mode)}")
        return log(s, m, now, actor, "attendance_marked", summary, participant=p.key, mode=mode,
                   previous=was, participants=[q.key for q in members])


def mark_absent(store: Store, meeting_id: str, now: datetime, participant_key: str, actor: str = "chair") -> LogEntry:
    """Record a participant's delegation as not present again (marked present
    in error): its mode and arrival time are cleared.

    Raises:
        ProcedureError: no such participant, not recorded as present, or the record is final.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        _not_final(m)
        p = participant_by_key(s, m, participant_key)
        members = delegation_members(s, p)
        if all(q.attendance is None for q in members):
            raise ProcedureError(f"{p.delegation} is not recorded as present.")
        for q in members:
            q.attendance = None
            q.arrived_at = None
        return log(s, m, now, actor, "attendance_cleared", f"{p.delegation}: not present",
                   participant=p.key, participants=[q.key for q in members])


def imply_presence(s: Session, p: Participant, now: datetime) -> list[str]:
    """Inside a chair action's transaction: ``p`` takes the floor at ``now``,
    so its delegation is present, in its registered way, from ``now`` — unless
    attendance was already recorded, or ``p`` speaks by video (a pre-recorded
    statement). Returns the keys of the participants marked (for the action's
    log row; the row's before-image lets undo take it back)."""
    if p.attendance is not None or p.mode == "video":
        return []
    return arriving(s, p, registered_presence(p), now)


def arriving(s: Session, p: Participant, mode: str, now: datetime) -> list[str]:
    """Inside an action's transaction: ``p``'s delegation is present in
    ``mode`` from ``now``; those of its members not yet recorded as present
    are marked (attendance recorded otherwise stays). Returns their keys."""
    marked = []
    for q in delegation_members(s, p):
        if q.attendance is None:
            q.attendance, q.arrived_at = mode, now
            marked.append(q.key)
    return marked


def retract_implied_presence(s: Session, p: Participant, called_at: datetime | None) -> list[str]:
    """Inside a chair action's transaction: the call of ``p`` at ``called_at``
    failed (absent, not connected), so the presence that this very call
    implied (arrival at the instant of the call) is taken back; attendance
    recorded otherwise stays. Returns the keys of the participants cleared."""
    if called_at is None or p.attendance is None:
        return []
    cleared = []
    for q in delegation_members(s, p):
        if q.arrived_at == called_at:
            q.attendance, q.arrived_at = None, None
            cleared.append(q.key)
    return cleared
