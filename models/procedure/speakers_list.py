"""The speakers list: inscribe, withdraw, move, absent or not connected, close, reopen, end.

Order by precedence of category, then time of request (COP rules of procedure, rule 42; DOMAIN.md, "The speakers list").
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from models.procedure.attendance import retract_implied_presence
from models.procedure.common import (
    SPOKE,
    STATEMENT,
    WAITING,
    ProcedureError,
    chair_transaction,
    current_item,
    end_of_category_position,
    entered_statement,
    head_of_queue,
    in_session,
    is_second_entry,
    last_position,
    log,
    name_of,
    no_point_pending,
    not_risen,
    participant_by_key,
    place,
    place_number,
    speaking,
    waiting_count,
    waiting_entries,
    who,
)
from models.procedure.participation import WORDS, refusal_detail, status_of, why_not
from models.procedure.time_limits import limit_for
from models.store import Store
from models.tables import (
    AgendaItem,
    Intervention,
    InterventionStatus,
    LogEntry,
    Meeting,
    Participant,
)


def inscribe(
    store: Store, meeting_id: str, now: datetime, participant_key: str = "", override: bool = False,
    actor: str = "chair",
) -> LogEntry:
    """Inscribe a participant on the speakers list of the current item.

    Placement: by the meeting's list order (precedence of category, then
    inscription time: the new entry goes to the end of its category among
    those waiting, so a hand-made order is kept), or at the end with
    ``list_order: request`` (COP rules of procedure, rule 42).
    One entry per participant per item (DOMAIN.md, "The speakers list"): a
    request from a participant already waiting, speaking or heard on the item
    (as a participant: a State's group and national statements are two) is
    refused and logged (``accepted=False``, ``reason="duplicate"``; the summary
    names the participant, the chair's screen adds the override) unless ``override``; the override's second entry
    goes after every entry not yet heard (the end of the list), and entries
    inscribed later for participants not yet heard go before it. A participant
    whose participation is neither approved nor invited
    (``models.procedure.participation``) is refused and logged likewise
    (``reason="participation"``, with its status and basis); the override
    inscribes it, logged with its status.

    Raises:
        ProcedureError: no item is open, or the participant is unknown.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        p = participant_by_key(s, m, participant_key)
        iv, summary, detail = place_on_list(s, m, item, p, now, override)
        return log(s, m, now, actor, "inscribed" if iv else "inscription_refused", summary, accepted=iv is not None,
                   intervention_id=iv.id if iv else None, **detail)


def place_on_list(
    s: Session, m: Meeting, item: AgendaItem, p: Participant, now: datetime, override: bool = False, why: str = "",
) -> tuple[Intervention | None, str, dict]:
    """Inside an action's transaction: put ``p`` on ``item``'s speakers list
    as an inscription at ``now`` would (the rules of :func:`inscribe`, for any
    item of the meeting, current or to come). ``why``: words after the
    summary's verb ("at its own request").

    Returns:
        (the new entry, or None when refused — a participant not approved or
        invited, a duplicate or a closed list without ``override``; the log
        row's summary; its detail).
    """
    barred = why_not(p, name_of(p))
    if barred and not override:
        return None, barred, {"participant": p.key, "reason": "participation", **refusal_detail(p)}
    existing = entered_statement(s, item.id, p.id)
    if existing is not None and not override:
        where = "already spoke on" if existing.status == SPOKE else "already on the list of"
        return None, f"Request from {name_of(p)} refused: {where} item {item.number}", {
            "participant": p.key, "reason": "duplicate"}
    closed = item.list_closed_at is not None or item.list_ended_at is not None
    if closed and not override:
        return None, f"Late request from {name_of(p)} refused: the list of item {item.number} is closed", {
            "participant": p.key, "reason": "list_closed"}
    iv = Intervention(
        item_id=item.id, participant_id=p.id, position=0, inscribed_at=now,
        allotted_s=limit_for(m, item, p.category), late_override=closed,
    )
    if existing is not None:  # a second entry: after everyone not yet heard
        before = last_position(s, item.id)
    elif m.settings.get("list_order", "precedence") == "precedence":
        before = end_of_category_position(s, item.id, p.category, m.settings)
    else:  # order of request (COP rules of procedure, rule 42)
        before = last_position(s, item.id)
    place(s, iv, before)
    s.add(iv)
    s.flush()
    at = place_number(s, iv) - 1
    reasons = [w for w, yes in (("list closed", closed), ("second entry on this item", existing is not None),
                                (f"participation {WORDS.get(status_of(p), status_of(p))}", bool(barred))) if yes]
    how = f" by the Chair's override ({', '.join(reasons)})" if reasons else ""
    return iv, f"{name_of(p)} inscribed on the list of item {item.number}{why}{how}", {
        "participant": p.key, "delegation": p.delegation, "place": at + 1, "override": bool(how),
        **({"second_entry": True} if existing is not None else {}), **(refusal_detail(p) if barred else {})}


def _waiting_entry(s: Session, m: Meeting, intervention_id: int) -> tuple[Intervention, Participant]:
    """A statement waiting on the current item's list, and its participant.

    Raises:
        ProcedureError: no such entry waiting there.
    """
    item = current_item(s, m)
    iv = s.get(Intervention, intervention_id)
    if iv is None or iv.item_id != item.id or iv.status != WAITING or iv.kind != STATEMENT:
        raise ProcedureError("That speaker is not waiting on the list.")
    return iv, who(s, iv)


def withdraw(store: Store, meeting_id: str, now: datetime, intervention_id: int = 0, actor: str = "chair") -> LogEntry:
    """Withdraw a waiting speaker from the list (status "withdrew").

    The running countdown is never touched.

    Raises:
        ProcedureError: the entry is not waiting on the current item's list.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        iv, p = _waiting_entry(s, m, intervention_id)
        iv.status = InterventionStatus.WITHDREW
        return log(s, m, now, actor, "withdrawn", f"{name_of(p)} withdrew", intervention_id=iv.id, participant=p.key)


def move(store: Store, meeting_id: str, now: datetime, intervention_id: int = 0, delta: int = -1, actor: str = "chair") -> LogEntry:
    """Move a waiting speaker ``delta`` places (negative: earlier) by hand.

    Raises:
        ProcedureError: the entry is not waiting, or cannot move further.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        iv, p = _waiting_entry(s, m, intervention_id)
        old = place_number(s, iv) - 1
        # the |delta| + 1 neighbours on the side it moves to, nearest first
        others = select(Intervention.position).where(
            Intervention.item_id == iv.item_id, Intervention.status == WAITING, Intervention.kind == STATEMENT,
            Intervention.id != iv.id,
        )
        if delta < 0:
            others = others.where(Intervention.position <= iv.position).order_by(Intervention.position.desc())
        else:
            others = others.where(Intervention.position >= iv.position).order_by(Intervention.position)
        passed = list(s.exec(others.limit(abs(delta) + 1)))
        if delta == 0 or len(passed) < abs(delta):
            raise ProcedureError(f"{p.delegation} is already {'first' if delta < 0 else 'last'} on the list.")
        new = old + delta
        if delta < 0:  # goes between the one it passes last and the one before that
            place(s, iv, passed[abs(delta)] if len(passed) > abs(delta) else None)
        else:
            place(s, iv, passed[delta - 1])
        iv.moved_by_chair = True
        return log(
            s, m, now, actor, "moved", f"{name_of(p)} moved from place {old + 1} to {new + 1}",
            intervention_id=iv.id, participant=p.key, old_place=old + 1, new_place=new + 1,
        )


def speaker_absent(
    store: Store, meeting_id: str, now: datetime, kind: str = "absent", actor: str = "chair"
) -> LogEntry:
    """The speaker just called is absent (``kind="absent"``) or, online, cannot
    be connected (``kind="not_connected"``).

    No time is charged; the failed call stays in the entry's record. The entry
    moves back as the meeting's ``on_absent`` / ``on_not_connected`` setting
    says (one place, end of its category, end of the list); at its second
    failed call it is dropped as "not present" (DOMAIN.md, "The speakers list").

    Raises:
        ProcedureError: nobody has been called.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        no_point_pending(s, m)
        current, p = speaking(s, m)
        if kind == "not_connected" and p.mode == "in_person":
            raise ProcedureError(f"{p.delegation} takes the floor in person: use a (absent), not c (not connected).")
        item = current_item(s, m)
        called = current.called_at or now
        retracted = retract_implied_presence(s, p, current.called_at)  # the failed call implied nothing
        current.failed_calls = [*current.failed_calls, {"at": called.isoformat(), "noted_at": now.isoformat(), "kind": kind}]
        current.started_at = None
        current.paused_s = 0.0
        current.paused_since = None
        current.pause_reason = ""
        extension = current.extension_s
        current.extension_s = 0  # time granted at a call belongs to that call
        current.used_s = None
        label = "absent" if kind == "absent" else "could not be connected"
        if len(current.failed_calls) >= 2:
            current.status = InterventionStatus.NOT_PRESENT
            current.ended_at = None
            return log(
                s, m, now, actor, "not_present", f"{name_of(p)} {label} again: dropped as not present",
                intervention_id=current.id, participant=p.key, kind=kind, calls=len(current.failed_calls),
                **({"extension_reset_s": extension} if extension else {}),
                **({"not_present": retracted} if retracted else {}),
            )
        current.status = WAITING
        rule = m.settings.get("on_absent" if kind == "absent" else "on_not_connected", "end_of_category")
        if rule == "one_place":
            head = head_of_queue(s, item.id, exclude=current.id)
            before = head.position if head is not None else None
        elif rule == "end_of_list":
            before = last_position(s, item.id, exclude=current.id)
        elif is_second_entry(s, current):  # stays after everyone not yet heard
            before = last_position(s, item.id, exclude=current.id)
        else:
            before = end_of_category_position(s, item.id, p.category, m.settings, exclude=current.id)
        place(s, current, before)
        s.flush()
        at = place_number(s, current) - 1
        return log(
            s, m, now, actor, "speaker_absent" if kind == "absent" else "not_connected",
            f"{name_of(p)} {label}; moved back to place {at + 1}",
            intervention_id=current.id, participant=p.key, kind=kind, rule=rule, new_place=at + 1,
            **({"extension_reset_s": extension} if extension else {}),
            **({"not_present": retracted} if retracted else {}),
        )


def close_list(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Close the current item's speakers list ("if I hear no objection, the list
    is closed"); later requests are refused unless the chair overrides.

    Raises:
        ProcedureError: the list is already closed.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        summary, detail = closing(s, item, now)
        return log(s, m, now, actor, "list_closed", summary, **detail)


def closing(s, item, now: datetime) -> tuple[str, dict]:
    """Close ``item``'s list at ``now`` inside the caller's transaction; returns
    the log's summary and detail (shared with a confirmed announcement).

    Raises:
        ProcedureError: the list is already closed.
    """
    if item.list_closed_at is not None:
        raise ProcedureError(f"The list of item {item.number} is already closed.")
    item.list_closed_at = now
    waiting = waiting_count(s, item.id)
    return f"List of speakers of item {item.number} closed ({waiting} still to speak)", {"waiting": waiting}


def reopen_list(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Reopen a closed speakers list.

    Raises:
        ProcedureError: the list is open.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        if item.list_closed_at is None and item.list_ended_at is None:
            raise ProcedureError(f"The list of item {item.number} is open.")
        item.list_closed_at = None
        item.list_ended_at = None
        return log(s, m, now, actor, "list_reopened", f"List of speakers of item {item.number} reopened")


def end_list(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """The chair ends the speakers list: everyone still waiting becomes "not
    reached" (distinct from ending the item: rights of reply may follow).

    Raises:
        ProcedureError: no item is open.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        summary, detail = ending(s, current_item(s, m), now)
        return log(s, m, now, actor, "list_ended", summary, **detail)


def ending(s, item, now: datetime) -> tuple[str, dict]:
    """End ``item``'s list at ``now`` inside the caller's transaction (everyone
    waiting becomes "not reached"); returns the log's summary and detail."""
    waiting = waiting_entries(s, item.id)
    for iv in waiting:
        iv.status = InterventionStatus.NOT_REACHED
    item.list_ended_at = now
    if item.list_closed_at is None:
        item.list_closed_at = now
    key_of = dict(s.exec(select(Participant.id, Participant.key).where(
        Participant.id.in_({iv.participant_id for iv in waiting}))).all())  # one query, not one per entry
    names = [key_of[iv.participant_id] for iv in waiting]
    return f"List of item {item.number} ended; {len(names)} not reached", {"not_reached": names}
