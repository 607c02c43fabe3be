"""The chair's actions: one function, one transaction, one procedural-log row.

Each action takes the store, the meeting id and the current instant ``now``
(aware UTC; the caller's clock decides it, so tests use a fake clock), does
its whole effect in one transaction together with one ``LogEntry``, and
returns that entry. An action the rules do not allow raises
:class:`ProcedureError` and writes nothing; a request that the rules refuse
but that must be on record (a duplicate inscription) writes a log row with
``accepted=False`` and returns it.

Rules follow ../shared/DOMAIN.md; sources are named per function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from models.agenda import precedence_key
from models.categories import label
from models.store import Store
from models.tables import (
    AgendaItem,
    Intervention,
    InterventionKind,
    InterventionStatus,
    LogEntry,
    Meeting,
    MeetingState,
    Participant,
    PointOfOrder,
    Suspension,
)
from models.timing import used_seconds

W = InterventionStatus.WAITING
SPEAKING = InterventionStatus.SPEAKING
STATEMENT, REPLY = InterventionKind.STATEMENT, InterventionKind.REPLY

#: The tables an undo restores, parents first (see :func:`undo`).
_UNDOABLE = (Meeting, AgendaItem, Intervention, Suspension, PointOfOrder)

#: Every action the chair can take, by log name; the UI and replays use this.
ACTIONS: dict[str, Callable[..., LogEntry]] = {}


class ProcedureError(Exception):
    """A chair action that cannot be taken now; the message is for the chair."""


def _action(fn: Callable[..., LogEntry]) -> Callable[..., LogEntry]:
    ACTIONS[fn.__name__] = fn
    return fn


# --------------------------------------------------------------------------- helpers


def _meeting(s: Session, meeting_id: str) -> Meeting:
    """Load the meeting at the start of an action, and keep a snapshot of its
    mutable rows as they were, for the log row's ``before`` (undo)."""
    m = s.get(Meeting, meeting_id)
    if m is None:
        raise ProcedureError(f"No meeting '{meeting_id}' in this database.")
    s.info["before"] = _snapshot(s, meeting_id)
    return m


def _rows(s: Session, model: type, meeting_id: str) -> list:
    if model is Meeting:
        m = s.get(Meeting, meeting_id)
        return [m] if m else []
    if model is Intervention:
        return list(
            s.exec(
                select(Intervention)
                .join(AgendaItem, AgendaItem.id == Intervention.item_id)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(Intervention.id)
            )
        )
    return list(s.exec(select(model).where(model.meeting_id == meeting_id).order_by(model.id)))


def _snapshot(s: Session, meeting_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every mutable row of the meeting as JSON-ready dicts, by table name."""
    return {
        model.__tablename__: [row.model_dump(mode="json") for row in _rows(s, model, meeting_id)]
        for model in _UNDOABLE
    }


def _restore(s: Session, meeting_id: str, snapshot: dict[str, list[dict[str, Any]]]) -> None:
    """Put the meeting's mutable rows back exactly as in ``snapshot``."""
    keep = {model: {row["id"] for row in snapshot.get(model.__tablename__, [])} for model in _UNDOABLE}
    for model in reversed(_UNDOABLE):  # children first
        if model is Meeting:
            continue
        for row in _rows(s, model, meeting_id):
            if row.id not in keep[model]:
                s.delete(row)
    s.flush()
    # notes are the rapporteur's, not the chair's: an undo never takes them back
    notes_now = {iv.id: (iv.notes, iv.notes_started_at, iv.notes_saved_at) for iv in _rows(s, Intervention, meeting_id)}
    item_notes_now = {it.id: it.notes for it in _rows(s, AgendaItem, meeting_id)}
    for model in _UNDOABLE:  # parents first
        for data in snapshot.get(model.__tablename__, []):
            row = model.model_validate(data)
            if model is Intervention and row.id in notes_now:
                row.notes, row.notes_started_at, row.notes_saved_at = notes_now[row.id]
            elif model is AgendaItem and row.id in item_notes_now:
                row.notes = item_notes_now[row.id]
            s.merge(row)
    s.flush()


def _in_session(m: Meeting) -> None:
    if m.state == MeetingState.SCHEDULED:
        raise ProcedureError("The meeting has not been called to order yet (press o).")
    if m.state == MeetingState.SUSPENDED:
        raise ProcedureError("The meeting is suspended; resume it first (press s).")
    if m.state == MeetingState.ROSE:
        raise ProcedureError("The meeting has risen.")


def _not_risen(m: Meeting) -> None:
    if m.state == MeetingState.ROSE:
        raise ProcedureError("The meeting has risen.")


def _item(s: Session, m: Meeting) -> AgendaItem:
    if m.current_item_id is None:
        raise ProcedureError("No agenda item is open.")
    item = s.get(AgendaItem, m.current_item_id)
    assert item is not None
    return item


def _items(s: Session, meeting_id: str) -> list[AgendaItem]:
    return list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)))


def _waiting(s: Session, item_id: int, kind: InterventionKind = STATEMENT) -> list[Intervention]:
    """Entries waiting on the item's speakers list (or its right-of-reply queue), in order."""
    return list(
        s.exec(
            select(Intervention)
            .where(Intervention.item_id == item_id, Intervention.status == W, Intervention.kind == kind)
            .order_by(Intervention.position, Intervention.id)
        )
    )


def limit_for(m: Meeting, item: AgendaItem, category: str) -> int | None:
    """The limit (s) a new entry of ``category`` gets on ``item``: the item's
    category limit if the chair set one, else the meeting's; capped by the
    item's cap. None = untimed."""
    base = item.category_limits_s.get(category, m.settings.get("limits_s", {}).get(category))
    if base is not None and item.limit_cap_s is not None:
        return min(base, item.limit_cap_s)
    return base


def _current(s: Session, item_id: int) -> Intervention | None:
    return s.exec(select(Intervention).where(Intervention.item_id == item_id, Intervention.status == SPEAKING)).first()


def _renumber(entries: list[Intervention]) -> None:
    for i, iv in enumerate(entries):
        iv.position = i


def _end_of_category(s: Session, waiting: list[Intervention], category: str, settings: dict[str, Any]) -> int:
    """Index just after the last waiting entry that ranks with or before ``category``."""
    rank = precedence_key(category, None, 0, settings)[0]
    at = 0
    for i, other in enumerate(waiting):
        if precedence_key(_who(s, other).category, None, 0, settings)[0] <= rank:
            at = i + 1
    return at


def _participant(s: Session, m: Meeting, key: str) -> Participant:
    p = s.exec(select(Participant).where(Participant.meeting_id == m.id, Participant.key == key)).first()
    if p is None:
        raise ProcedureError(f"No participant '{key}' in this meeting.")
    return p


def _ordinal(n: int | None) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n or 0, f"{n}th")


def _who(s: Session, iv: Intervention) -> Participant:
    p = s.get(Participant, iv.participant_id)
    assert p is not None
    return p


def _name(p: Participant) -> str:
    return p.delegation + (f" (on behalf of {p.on_behalf_of})" if p.on_behalf_of else "")


def _log(
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
    **detail: Any,
) -> LogEntry:
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
        before=s.info.pop("before", None) if accepted else None,
    )
    s.add(entry)
    s.flush()
    return entry


def _close_pause(iv: Intervention, now: datetime) -> None:
    if iv.paused_since is not None:
        iv.paused_s += max(0.0, (now - iv.paused_since).total_seconds())
        iv.paused_since = None
        iv.pause_reason = ""


def _finish(s: Session, iv: Intervention, now: datetime) -> dict[str, Any]:
    """End a running intervention at ``now``; returns its figures for the log."""
    _close_pause(iv, now)
    iv.ended_at = now
    iv.status = InterventionStatus.SPOKE
    return {"used_s": round(used_seconds(iv, now)), "paused_s": round(iv.paused_s), "limit_s": iv.allotted_s}


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
    item = _item(s, m)
    current = _current(s, item.id)
    if current is not None:
        detail["ended_intervention"] = current.id
        detail.update(_finish(s, current, now))
    item.ended_at = now
    if item.opened_at is not None:
        item.elapsed_s += (now - item.opened_at).total_seconds()
        item.opened_at = None
    return detail


# --------------------------------------------------------------------------- the meeting


@_action
def call_to_order(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Call the meeting to order: it is in session and its first item opens.

    Raises:
        ProcedureError: the meeting was already called to order.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        if m.state != MeetingState.SCHEDULED:
            raise ProcedureError("The meeting has already been called to order.")
        items = _items(s, meeting_id)
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
        return _log(s, m, now, actor, "called_to_order", summary, delay_s=late, local_date=today)


@_action
def suspend(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Suspend the meeting: the running countdown pauses (not charged).

    Raises:
        ProcedureError: the meeting is not in session.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        m.state = MeetingState.SUSPENDED
        s.add(Suspension(meeting_id=m.id, item_id=m.current_item_id, suspended_at=now))
        paused = None
        if m.current_item_id is not None:
            current = _current(s, m.current_item_id)
            if current is not None and current.paused_since is None:
                current.paused_since = now
                current.pause_reason = "suspension"
                paused = current.id
        return _log(s, m, now, actor, "suspended", "The meeting was suspended", intervention_id=paused)


@_action
def resume(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Resume a suspended meeting; a countdown paused by the suspension runs again.

    Raises:
        ProcedureError: the meeting is not suspended.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
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
            current = _current(s, m.current_item_id)
            if current is not None and current.pause_reason == "suspension":
                _close_pause(current, now)
                resumed = current.id
        return _log(s, m, now, actor, "resumed", "The meeting resumed", intervention_id=resumed)


@_action
def rise(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """The meeting rises: the running intervention and item end; speakers still
    waiting on any item become "not reached".

    Raises:
        ProcedureError: the meeting was never called to order, or has risen.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        if m.state in (MeetingState.SCHEDULED, MeetingState.ROSE):
            raise ProcedureError("The meeting is not in session.")
        _no_point_pending(s, m)
        open_s = s.exec(
            select(Suspension).where(Suspension.meeting_id == m.id, Suspension.resumed_at == None)  # noqa: E711
        ).first()
        if open_s is not None:
            open_s.resumed_at = now
        detail = _close_item(s, m, now)
        not_reached = 0
        for item in _items(s, m.id):
            for iv in _waiting(s, item.id):
                iv.status = InterventionStatus.NOT_REACHED
                not_reached += 1
        m.state = MeetingState.ROSE
        m.rose_at = now
        return _log(s, m, now, actor, "rose", "The meeting rose", not_reached=not_reached, **detail)


@_action
def go_to_item(store: Store, meeting_id: str, now: datetime, step: int = 1, actor: str = "chair") -> LogEntry:
    """Close the current item (ending any intervention) and open the next
    (``step=1``) or previous (``step=-1``) item of the agenda.

    Raises:
        ProcedureError: not in session, or no item in that direction.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        _no_point_pending(s, m)
        items = _items(s, m.id)
        index = next((i for i, it in enumerate(items) if it.id == m.current_item_id), -1)
        target = index + step
        if not 0 <= target < len(items):
            raise ProcedureError("There is no next item." if step > 0 else "There is no previous item.")
        detail = _close_item(s, m, now)
        old = items[index].number if index >= 0 else None
        _open_item(s, m, items[target], now)
        return _log(
            s, m, now, actor, "item_opened", f"Item {items[target].number} taken up", from_item=old, **detail
        )


# --------------------------------------------------------------------------- the floor


@_action
def give_floor(
    store: Store, meeting_id: str, now: datetime, expected_next_id: int | None = None, actor: str = "chair"
) -> LogEntry:
    """Give the floor to the first speaker waiting, ending the current intervention.

    Args:
        expected_next_id: the entry the chair saw at the head of the list; if
            the list has changed since (a second press, another screen), the
            action is refused so nobody is skipped.

    Raises:
        ProcedureError: not in session, the list is exhausted, or the head of
            the list is no longer ``expected_next_id``.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        item = _item(s, m)
        if _active_point(s, m) is not None:
            raise ProcedureError("A point of order is being heard; give the ruling first (press g).")
        waiting = _waiting(s, item.id) or _waiting(s, item.id, REPLY)  # replies after the list
        if not waiting:
            raise ProcedureError(f"No one is waiting on the speakers list of item {item.number}.")
        nxt = waiting[0]
        if expected_next_id is not None and nxt.id != expected_next_id:
            raise ProcedureError("The speakers list changed; check who is next and press again.")
        detail: dict[str, Any] = {}
        current = _current(s, item.id)
        if current is not None:
            detail = {"ended_intervention": current.id, **_finish(s, current, now)}
        nxt.status = SPEAKING
        nxt.called_at = now
        nxt.started_at = now
        nxt.ended_at = None
        nxt.paused_s = 0.0
        nxt.paused_since = None
        p = _who(s, nxt)
        what = f"right of reply ({_ordinal(nxt.reply_number)}) " if nxt.kind == REPLY else ""
        return _log(
            s, m, now, actor, "floor_given", f"Floor given to {_name(p)}" + (f" for its {what.strip()}" if what else ""),
            intervention_id=nxt.id,
            participant=p.key, allotted_s=nxt.allotted_s, **detail,
        )


@_action
def end_intervention(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """End the current intervention (the speaker has finished).

    Raises:
        ProcedureError: nobody has the floor.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        _no_point_pending(s, m)
        item = _item(s, m)
        current = _current(s, item.id)
        if current is None:
            raise ProcedureError("Nobody has the floor.")
        detail = _finish(s, current, now)
        p = _who(s, current)
        figures = f"{detail['used_s']} s used" + (f" of {detail['limit_s']} s" if detail["limit_s"] is not None else "")
        return _log(
            s, m, now, actor, "intervention_ended", f"{_name(p)} ended ({figures})", intervention_id=current.id,
            participant=p.key, **detail,
        )


def _no_point_pending(s: Session, m: Meeting) -> None:
    if _active_point(s, m) is not None:
        raise ProcedureError("A point of order is being heard; give the ruling first (press g).")


def _speaking(s: Session, m: Meeting) -> tuple[Intervention, Participant]:
    item = _item(s, m)
    current = _current(s, item.id)
    if current is None:
        raise ProcedureError("Nobody has the floor.")
    return current, _who(s, current)


@_action
def pause(store: Store, meeting_id: str, now: datetime, reason: str = "", actor: str = "chair") -> LogEntry:
    """Pause the current countdown; the pause is not charged to the speaker.

    Raises:
        ProcedureError: nobody has the floor, or the countdown is already paused.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        current, p = _speaking(s, m)
        if current.paused_since is not None:
            raise ProcedureError("The countdown is already paused.")
        current.paused_since = now
        current.pause_reason = reason or "chair"
        return _log(
            s, m, now, actor, "paused", f"Countdown of {_name(p)} paused" + (f" ({reason})" if reason else ""),
            intervention_id=current.id,
            participant=p.key, reason=reason, used_s=round(used_seconds(current, now)),
        )


@_action
def resume_countdown(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Resume a paused countdown.

    Raises:
        ProcedureError: nobody has the floor, or the countdown is not paused.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        _no_point_pending(s, m)
        current, p = _speaking(s, m)
        if current.paused_since is None:
            raise ProcedureError("The countdown is not paused.")
        pause_len = (now - current.paused_since).total_seconds()
        _close_pause(current, now)
        return _log(
            s, m, now, actor, "countdown_resumed",
            f"Countdown of {_name(p)} resumed after {round(pause_len)} s (not charged)", intervention_id=current.id,
            participant=p.key, pause_s=round(pause_len),
        )


@_action
def adjust_time(store: Store, meeting_id: str, now: datetime, delta_s: int = 30, actor: str = "chair") -> LogEntry:
    """Give the current speaker ``delta_s`` more seconds (negative: fewer).

    The limit never goes below zero. Untimed interventions cannot be adjusted.

    Raises:
        ProcedureError: nobody has the floor, or the intervention is untimed.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        current, p = _speaking(s, m)
        if current.allotted_s is None:
            raise ProcedureError(f"{p.delegation} is not timed.")
        old = current.allotted_s + current.extension_s
        current.extension_s = max(-current.allotted_s, current.extension_s + delta_s)
        new = current.allotted_s + current.extension_s
        if new == old:
            raise ProcedureError(f"The limit of {p.delegation} is already 0 s.")
        sign = "+" if delta_s >= 0 else "−"
        return _log(
            s, m, now, actor, "time_adjusted", f"{sign}{abs(delta_s)} s for {_name(p)}", intervention_id=current.id,
            participant=p.key, old_limit_s=old, new_limit_s=new,
        )


# --------------------------------------------------------------------------- the speakers list


@_action
def inscribe(
    store: Store, meeting_id: str, now: datetime, participant_key: str = "", override: bool = False,
    actor: str = "chair",
) -> LogEntry:
    """Inscribe a participant on the speakers list of the current item.

    Placement: by the meeting's list order (precedence of category, then
    inscription time: the new entry goes to the end of its category among
    those waiting, so a hand-made order is kept), or at the end with
    ``list_order: request`` (COP rules of procedure, rule 42).
    One entry per participant per item: a second request is refused and
    logged (``accepted=False``) unless ``override``.

    Raises:
        ProcedureError: no item is open, or the participant is unknown.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        item = _item(s, m)
        p = _participant(s, m, participant_key)
        existing = s.exec(
            select(Intervention).where(
                Intervention.item_id == item.id,
                Intervention.participant_id == p.id,
                Intervention.status.in_([W, SPEAKING]),  # type: ignore[attr-defined]
            )
        ).first()
        if existing is not None and not override:
            return _log(
                s, m, now, actor, "inscription_refused",
                f"Request from {_name(p)} refused: already on the list of item {item.number}",
                accepted=False, participant=p.key, reason="duplicate",
            )
        closed = item.list_closed_at is not None or item.list_ended_at is not None
        if closed and not override:
            return _log(
                s, m, now, actor, "inscription_refused",
                f"Late request from {_name(p)} refused: the list of item {item.number} is closed",
                accepted=False, participant=p.key, reason="list_closed",
            )
        waiting = _waiting(s, item.id)
        settings = m.settings
        iv = Intervention(
            item_id=item.id, participant_id=p.id, position=0, inscribed_at=now,
            allotted_s=limit_for(m, item, p.category), late_override=closed,
        )
        at = len(waiting)
        if settings.get("list_order", "precedence") == "precedence":
            at = _end_of_category(s, waiting, p.category, settings)
        waiting.insert(at, iv)
        s.add(iv)
        _renumber(waiting)
        s.flush()
        how = " by the Chair's override (list closed)" if closed else (" by the Chair's override (duplicate)" if existing else "")
        return _log(
            s, m, now, actor, "inscribed", f"{_name(p)} inscribed on the list of item {item.number}{how}",
            intervention_id=iv.id, participant=p.key, delegation=p.delegation, place=at + 1, override=bool(how),
        )


def _waiting_entry(s: Session, m: Meeting, intervention_id: int) -> tuple[Intervention, Participant, list[Intervention]]:
    item = _item(s, m)
    waiting = _waiting(s, item.id)
    iv = next((w for w in waiting if w.id == intervention_id), None)
    if iv is None:
        raise ProcedureError("That speaker is not waiting on the list.")
    return iv, _who(s, iv), waiting


@_action
def withdraw(store: Store, meeting_id: str, now: datetime, intervention_id: int = 0, actor: str = "chair") -> LogEntry:
    """Withdraw a waiting speaker from the list (status "withdrew").

    The running countdown is never touched.

    Raises:
        ProcedureError: the entry is not waiting on the current item's list.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        iv, p, waiting = _waiting_entry(s, m, intervention_id)
        iv.status = InterventionStatus.WITHDREW
        waiting.remove(iv)
        _renumber(waiting)
        return _log(s, m, now, actor, "withdrawn", f"{_name(p)} withdrew", intervention_id=iv.id, participant=p.key)


@_action
def move(store: Store, meeting_id: str, now: datetime, intervention_id: int = 0, delta: int = -1, actor: str = "chair") -> LogEntry:
    """Move a waiting speaker ``delta`` places (negative: earlier) by hand.

    Raises:
        ProcedureError: the entry is not waiting, or cannot move further.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        iv, p, waiting = _waiting_entry(s, m, intervention_id)
        old = waiting.index(iv)
        new = old + delta
        if not 0 <= new < len(waiting):
            raise ProcedureError(f"{p.delegation} is already {'first' if delta < 0 else 'last'} on the list.")
        waiting.remove(iv)
        waiting.insert(new, iv)
        _renumber(waiting)
        iv.moved_by_chair = True
        return _log(
            s, m, now, actor, "moved", f"{_name(p)} moved from place {old + 1} to {new + 1}",
            intervention_id=iv.id, participant=p.key, old_place=old + 1, new_place=new + 1,
        )


@_action
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
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        _no_point_pending(s, m)
        current, p = _speaking(s, m)
        if kind == "not_connected" and p.mode == "in_person":
            raise ProcedureError(f"{p.delegation} takes the floor in person: use a (absent), not c (not connected).")
        item = _item(s, m)
        called = current.called_at or now
        current.failed_calls = [*current.failed_calls, {"at": called.isoformat(), "noted_at": now.isoformat(), "kind": kind}]
        current.started_at = None
        current.paused_s = 0.0
        current.paused_since = None
        current.pause_reason = ""
        waiting = _waiting(s, item.id)
        label = "absent" if kind == "absent" else "could not be connected"
        if len(current.failed_calls) >= 2:
            current.status = InterventionStatus.NOT_PRESENT
            current.ended_at = None
            return _log(
                s, m, now, actor, "not_present", f"{_name(p)} {label} again: dropped as not present",
                intervention_id=current.id, participant=p.key, kind=kind, calls=len(current.failed_calls),
            )
        current.status = W
        rule = m.settings.get("on_absent" if kind == "absent" else "on_not_connected", "end_of_category")
        if rule == "one_place":
            at = min(1, len(waiting))
        elif rule == "end_of_list":
            at = len(waiting)
        else:
            at = _end_of_category(s, waiting, p.category, m.settings)
        waiting.insert(at, current)
        _renumber(waiting)
        return _log(
            s, m, now, actor, "speaker_absent" if kind == "absent" else "not_connected",
            f"{_name(p)} {label}; moved back to place {at + 1}",
            intervention_id=current.id, participant=p.key, kind=kind, rule=rule, new_place=at + 1,
        )


# --------------------------------------------------------------------------- closing the list


@_action
def close_list(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Close the current item's speakers list ("if I hear no objection, the list
    is closed"); later requests are refused unless the chair overrides.

    Raises:
        ProcedureError: the list is already closed.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        item = _item(s, m)
        if item.list_closed_at is not None:
            raise ProcedureError(f"The list of item {item.number} is already closed.")
        item.list_closed_at = now
        waiting = len(_waiting(s, item.id))
        return _log(
            s, m, now, actor, "list_closed", f"List of speakers of item {item.number} closed ({waiting} still to speak)",
            waiting=waiting,
        )


@_action
def reopen_list(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Reopen a closed speakers list.

    Raises:
        ProcedureError: the list is open.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        item = _item(s, m)
        if item.list_closed_at is None and item.list_ended_at is None:
            raise ProcedureError(f"The list of item {item.number} is open.")
        item.list_closed_at = None
        item.list_ended_at = None
        return _log(s, m, now, actor, "list_reopened", f"List of speakers of item {item.number} reopened")


@_action
def end_list(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """The chair ends the speakers list: everyone still waiting becomes "not
    reached" (distinct from ending the item: rights of reply may follow).

    Raises:
        ProcedureError: no item is open.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        item = _item(s, m)
        waiting = _waiting(s, item.id)
        for iv in waiting:
            iv.status = InterventionStatus.NOT_REACHED
        item.list_ended_at = now
        if item.list_closed_at is None:
            item.list_closed_at = now
        names = [_who(s, iv).key for iv in waiting]
        return _log(
            s, m, now, actor, "list_ended", f"List of item {item.number} ended; {len(names)} not reached",
            not_reached=names,
        )


# --------------------------------------------------------------------------- points of order


def _active_point(s: Session, m: Meeting) -> PointOfOrder | None:
    return s.exec(
        select(PointOfOrder).where(
            PointOfOrder.meeting_id == m.id, PointOfOrder.started_at != None, PointOfOrder.ended_at == None  # noqa: E711
        )
    ).first()


def _queued_points(s: Session, m: Meeting) -> list[PointOfOrder]:
    return list(
        s.exec(
            select(PointOfOrder)
            .where(PointOfOrder.meeting_id == m.id, PointOfOrder.started_at == None)  # noqa: E711
            .order_by(PointOfOrder.raised_at, PointOfOrder.id)
        )
    )


@_action
def raise_point_of_order(
    store: Store, meeting_id: str, now: datetime, participant_key: str = "", subject: str = "", actor: str = "chair"
) -> LogEntry:
    """A participant raises a point of order.

    It interrupts the current speaker at once: the countdown pauses and
    nothing is charged. Several are heard first come, first served. Only the
    categories in ``rules.point_of_order_by`` may raise one (UNTOC COP rules of
    procedure, rule 44: a representative of a State party); a refused attempt
    is logged (``accepted=False``) and the speaker's countdown keeps running.

    Raises:
        ProcedureError: not in session, or unknown participant.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _in_session(m)
        item = _item(s, m)
        p = _participant(s, m, participant_key)
        allowed = m.settings.get("point_of_order_by") or []
        if allowed and p.category not in allowed:
            return _log(
                s, m, now, actor, "point_of_order_refused",
                f"Request by {_name(p)} to raise a point of order not granted (only: {', '.join(label(c) for c in allowed)})",
                accepted=False, participant=p.key, delegation=p.delegation, subject=subject, reason="not_entitled",
                allowed=allowed,
            )
        current = _current(s, item.id)
        active = _active_point(s, m)
        point = PointOfOrder(
            meeting_id=m.id, item_id=item.id, participant_id=p.id, subject=subject, raised_at=now,
            started_at=None if active is not None else now,
            interrupted_id=current.id if current is not None else None,
        )
        if current is not None and current.paused_since is None:
            current.paused_since = now
            current.pause_reason = "point_of_order"
        s.add(point)
        s.flush()
        queued = " (queued)" if active is not None else ""
        return _log(
            s, m, now, actor, "point_of_order", f"Point of order raised by {_name(p)}: {subject}{queued}",
            intervention_id=current.id if current else None, participant=p.key, subject=subject, point=point.id,
        )


@_action
def rule_on_point_of_order(
    store: Store, meeting_id: str, now: datetime, ruling: str = "", actor: str = "chair"
) -> LogEntry:
    """The chair rules on the point of order being heard. The next queued point
    is heard; when none is left, the interrupted speaker resumes with exactly
    the time they had left.

    Raises:
        ProcedureError: no point of order is being heard.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        point = _active_point(s, m)
        if point is None:
            raise ProcedureError("No point of order is being heard.")
        point.ended_at = now
        point.ruling = ruling
        p = s.get(Participant, point.participant_id)
        queued = _queued_points(s, m)
        resumed = None
        if queued:
            queued[0].started_at = now
        elif m.current_item_id is not None:
            current = _current(s, m.current_item_id)
            if current is not None and current.pause_reason == "point_of_order":
                _close_pause(current, now)
                resumed = current.id
        return _log(
            s, m, now, actor, "point_of_order_ruled",
            f"Ruling on the point of order of {_name(p)}: {ruling}" if ruling else f"Point of order of {_name(p)} ruled on",
            participant=p.key, subject=point.subject, ruling=ruling, point=point.id, resumed=resumed,
            heard_s=round((now - point.started_at).total_seconds()),
        )


# --------------------------------------------------------------------------- rights of reply


@_action
def request_reply(store: Store, meeting_id: str, now: datetime, participant_key: str = "", actor: str = "chair") -> LogEntry:
    """A delegation asks for the right of reply. Replies wait in their own queue
    and are heard after the speakers list is exhausted; at most
    ``right_of_reply.max_per_delegation`` per delegation per item (or meeting),
    the first and second with their own limits (DOMAIN.md, "Interruptions").
    A request over the maximum is refused and logged.

    Raises:
        ProcedureError: no item open, or unknown participant.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        item = _item(s, m)
        p = _participant(s, m, participant_key)
        rules = m.settings.get("right_of_reply", {})
        limit_n = rules.get("max_per_delegation", 2)
        entitled = rules.get("by") or []
        if entitled and p.category not in entitled:
            return _log(
                s, m, now, actor, "reply_refused",
                f"Right of reply requested by {p.delegation} refused: only {', '.join(label(c) for c in entitled)}",
                accepted=False, participant=p.key, reason="not_entitled",
            )
        query = (
            select(Intervention, Participant)
            .join(Participant, Participant.id == Intervention.participant_id)
            .join(AgendaItem, AgendaItem.id == Intervention.item_id)
            .where(Intervention.kind == REPLY, Participant.delegation == p.delegation, AgendaItem.meeting_id == m.id)
            .where(Intervention.status.in_([W, SPEAKING, InterventionStatus.SPOKE]))  # type: ignore[attr-defined]
        )
        if rules.get("scope", "item") == "item":
            query = query.where(Intervention.item_id == item.id)
        count = len(s.exec(query).all())
        if count >= limit_n:
            return _log(
                s, m, now, actor, "reply_refused",
                f"Right of reply requested by {p.delegation} refused: at most {limit_n} per delegation",
                accepted=False, participant=p.key, reason=f"max_per_delegation_per_{rules.get('scope', 'item')}",
                nth=count + 1,
            )
        nth = count + 1
        allotted = rules.get("first_s") if nth == 1 else rules.get("second_s")
        queue = _waiting(s, item.id, REPLY)
        iv = Intervention(
            item_id=item.id, participant_id=p.id, position=0, kind=REPLY, reply_number=nth,
            inscribed_at=now, allotted_s=allotted,
        )
        # every first reply is heard before any second one, each in order of request
        at = sum(1 for other in queue if (other.reply_number or 1) <= nth)
        queue.insert(at, iv)
        s.add(iv)
        _renumber(queue)
        s.flush()
        return _log(
            s, m, now, actor, "reply_requested", f"{p.delegation} asked for its {_ordinal(nth)} right of reply",
            intervention_id=iv.id, participant=p.key, nth=nth, allotted_s=allotted,
        )


# --------------------------------------------------------------------------- time limits mid-item


@_action
def set_limits(
    store: Store, meeting_id: str, now: datetime, cap_s: int | None = None, category: str | None = None,
    value_s: int | None = None, actor: str = "chair",
) -> LogEntry:
    """Change the time limit of the speakers still waiting on the current item.

    ``cap_s``: a limit for all remaining speakers that works as a cap (a
    category whose limit is already lower keeps it). ``category`` and
    ``value_s``: a new value for one category. Applies to everyone waiting and
    to later inscriptions on this item, not to time already spoken nor to
    rights of reply; logged with old and new values (DOMAIN.md, "Time").

    Raises:
        ProcedureError: neither or both forms given, a value below 1 s, or an
            unknown category.
    """
    if (cap_s is None) == (category is None):
        raise ProcedureError("Give either a cap for everyone or a category and its new limit.")
    value = cap_s if cap_s is not None else value_s
    if value is None or value < 1:
        raise ProcedureError("A time limit must be at least 1 second.")
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        item = _item(s, m)
        if category is not None and category not in m.settings.get("categories", []):
            raise ProcedureError(f"Unknown category '{category}'.")
        waiting = _waiting(s, item.id)
        demand_before = sum(iv.allotted_s or 0 for iv in waiting)
        changes: dict[str, list[int | None]] = {}
        if cap_s is not None:
            item.limit_cap_s = cap_s
        else:
            assert category is not None and value_s is not None
            item.category_limits_s = {**item.category_limits_s, category: value_s}
        for iv in waiting:
            cat = _who(s, iv).category
            new = limit_for(m, item, cat)
            if cap_s is not None or cat == category:
                if new != iv.allotted_s:
                    changes.setdefault(cat, [iv.allotted_s, new])
                    iv.allotted_s = new
        demand_after = sum(iv.allotted_s or 0 for iv in waiting)
        if cap_s is not None:
            summary = f"Time limit for all remaining speakers of item {item.number} capped at {cap_s} s"
        else:
            old = m.settings.get("limits_s", {}).get(category)
            summary = f"Time limit of {label(category)} speakers on item {item.number} changed from {old} s to {value_s} s"
        return _log(
            s, m, now, actor, "limits_changed", summary, cap_s=cap_s, category=category, value_s=value_s,
            changes=changes, remaining=len(waiting), demand_before_s=demand_before, demand_after_s=demand_after,
        )


# --------------------------------------------------------------------------- agenda amendments


@_action
def add_item(
    store: Store, meeting_id: str, now: datetime, number: str = "", title: str = "", allotted_s: int = 600,
    actor: str = "chair",
) -> LogEntry:
    """Add an agenda item after the current one (or at the start before the call to order).

    Raises:
        ProcedureError: empty title, a number already used, or a non-positive time.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        items = _items(s, m.id)
        if not title.strip() or allotted_s < 1:
            raise ProcedureError("An item needs a title and a positive allotted time.")
        number = number.strip() or str(len(items) + 1)
        if any(it.number == number for it in items):
            raise ProcedureError(f"There is already an item {number}.")
        index = next((i for i, it in enumerate(items) if it.id == m.current_item_id), -1)
        new = AgendaItem(meeting_id=m.id, position=0, number=number, title=title.strip(), allotted_s=allotted_s)
        items.insert(index + 1, new)
        s.add(new)
        for i, it in enumerate(items):
            it.position = i
        s.flush()
        return _log(
            s, m, now, actor, "item_added", f"Item {number} added: {title.strip()} ({allotted_s // 60} min)",
            item_id=new.id, number=number, title=title.strip(), allotted_s=allotted_s,
        )


def _amendable(s: Session, m: Meeting, item_id: int) -> AgendaItem:
    item = s.get(AgendaItem, item_id)
    if item is None or item.meeting_id != m.id:
        raise ProcedureError("No such agenda item.")
    return item


@_action
def amend_item(
    store: Store, meeting_id: str, now: datetime, item_id: int = 0, title: str | None = None,
    allotted_s: int | None = None, actor: str = "chair",
) -> LogEntry:
    """Retitle an agenda item or change its allotted time (old and new values logged).

    Raises:
        ProcedureError: no such item, empty title or non-positive time.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        item = _amendable(s, m, item_id)
        changes: dict[str, list[Any]] = {}
        if title is not None:
            if not title.strip():
                raise ProcedureError("An item needs a title.")
            changes["title"] = [item.title, title.strip()]
            item.title = title.strip()
        if allotted_s is not None:
            if allotted_s < 1:
                raise ProcedureError("The allotted time must be positive.")
            changes["allotted_s"] = [item.allotted_s, allotted_s]
            item.allotted_s = allotted_s
        parts = []
        if "title" in changes:
            parts.append(f"retitled “{changes['title'][1]}”")
        if "allotted_s" in changes:
            parts.append(f"allotted time {changes['allotted_s'][0] // 60} → {allotted_s // 60} min")
        return _log(s, m, now, actor, "item_amended", f"Item {item.number} " + "; ".join(parts), item_id=item.id, changes=changes)


@_action
def move_item(store: Store, meeting_id: str, now: datetime, item_id: int = 0, delta: int = 1, actor: str = "chair") -> LogEntry:
    """Move an item still to come ``delta`` places among the items still to come.

    Raises:
        ProcedureError: the item has started, or cannot move further.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        _not_risen(m)
        items = _items(s, m.id)
        item = _amendable(s, m, item_id)
        if item.started_at is not None:
            raise ProcedureError(f"Item {item.number} has already been taken up.")
        to_come = [it for it in items if it.started_at is None]
        old = to_come.index(item)
        new = old + delta
        if not 0 <= new < len(to_come):
            raise ProcedureError(f"Item {item.number} cannot move further.")
        slots = sorted(it.position for it in to_come)
        to_come.remove(item)
        to_come.insert(new, item)
        for slot, it in zip(slots, to_come):
            it.position = slot
        order = [it.number for it in sorted(items, key=lambda it: it.position)]
        return _log(
            s, m, now, actor, "item_moved", f"Item {item.number} moved; order now {', '.join(order)}",
            item_id=item.id, order=order,
        )


# --------------------------------------------------------------------------- roster


def import_roster(store: Store, meeting_id: str, now: datetime, specs: list = (), actor: str = "secretariat") -> LogEntry:
    """Add participants (``models.agenda.ParticipantSpec``, checked by
    ``models.roster.read_roster_csv``) to a meeting, all in one transaction.

    Raises:
        ProcedureError: an id already in the meeting (nothing is added).
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        existing = set(s.exec(select(Participant.key).where(Participant.meeting_id == m.id)))
        clash = [sp.key for sp in specs if sp.key in existing]
        if clash:
            raise ProcedureError(f"Already in the meeting: {', '.join(clash)}.")
        for sp in specs:
            s.add(Participant(meeting_id=m.id, **vars(sp)))
        entry = _log(
            s, m, now, actor, "roster_imported", f"{len(specs)} participant(s) added from a roster",
            keys=[sp.key for sp in specs],
        )
        entry.before = None  # participants are not part of an undo
        return entry


# --------------------------------------------------------------------------- the record: draft and final

#: What a correction may change, and how it reads in the log.
CORRECTABLE = {"start": "start", "end": "end", "status": "status", "delegation": "delegation", "speaker": "speaker's name"}


@_action
def finalize(store: Store, meeting_id: str, now: datetime, actor: str = "secretariat") -> LogEntry:
    """Lock the record: the minutes stop being a draft. Later corrections are
    kept as revisions (who, when, what changed) and shown in every export.

    Raises:
        ProcedureError: the meeting has not risen, or is already final.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        if m.state != MeetingState.ROSE:
            raise ProcedureError("Only the record of a meeting that has risen can be finalized.")
        if m.record_status == "final":
            raise ProcedureError("The record is already final.")
        m.record_status = "final"
        m.finalized_at = now
        entry = _log(s, m, now, actor, "finalized", "The record was finalized")
        entry.before = None  # finalizing is not undone: corrections follow as revisions
        return entry


@_action
def correct(
    store: Store, meeting_id: str, now: datetime, intervention_id: int = 0, field: str = "", value: str = "",
    actor: str = "secretariat",
) -> LogEntry:
    """Correct the record of one intervention: ``start`` or ``end`` (local
    "HH:MM:SS" on the meeting day, or ISO 8601), ``status`` (spoke, not_present,
    withdrew, not_reached), ``delegation`` or ``speaker`` (of its participant).
    Logged with the old and new values; once the record is final, the log row is
    a revision (``detail.revision``) that the exports list.

    Raises:
        ProcedureError: unknown intervention or field, or a value that does not fit.
    """
    from models.tables import InterventionStatus as S

    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        iv = s.get(Intervention, intervention_id)
        item = s.get(AgendaItem, iv.item_id) if iv else None
        if iv is None or item is None or item.meeting_id != m.id:
            raise ProcedureError(f"No intervention {intervention_id} in this meeting.")
        if field not in CORRECTABLE:
            raise ProcedureError(f"Cannot correct '{field}'; expected one of: {', '.join(CORRECTABLE)}.")
        p = _who(s, iv)
        if field in ("start", "end"):
            instant = _parse_local(value, m)
            old = getattr(iv, "started_at" if field == "start" else "ended_at")
            setattr(iv, "started_at" if field == "start" else "ended_at", instant)
            if iv.started_at and iv.ended_at and iv.ended_at < iv.started_at:
                raise ProcedureError("The end would come before the start.")
            old_text, new_text = old.isoformat() if old else None, instant.isoformat()
        elif field == "status":
            allowed = {x.value for x in (S.SPOKE, S.NOT_PRESENT, S.WITHDREW, S.NOT_REACHED)}
            if value not in allowed:
                raise ProcedureError(f"A status is one of: {', '.join(sorted(allowed))}.")
            old_text, new_text = iv.status.value, value
            iv.status = S(value)
        else:
            attr = "delegation" if field == "delegation" else "speaker"
            if not value.strip() and attr == "delegation":
                raise ProcedureError("A delegation needs a name.")
            old_text, new_text = getattr(p, attr), value.strip()
            setattr(p, attr, value.strip())
        revision = m.record_status == "final"
        if old_text == new_text:
            raise ProcedureError(f"The {CORRECTABLE[field]} is already {new_text}.")
        entry = _log(
            s, m, now, actor, "correction",
            f"{CORRECTABLE[field].capitalize()} of {p.delegation} (item {item.number}) changed from "
            f"{_shown(old_text, field, m)} to {_shown(new_text, field, m)}",
            item_id=item.id, intervention_id=iv.id, field=field, old=old_text, new=new_text, revision=revision,
        )
        entry.before = None  # the secretariat's corrections are not the chair's to undo
        return entry


def _shown(value: str | None, field: str, m: Meeting) -> str:
    """A corrected value as the minutes show it (times local, to the second)."""
    if value is None:
        return "none"
    if field in ("start", "end"):
        from models.unstyle import local

        return local(datetime.fromisoformat(value), m.timezone).format("HH:mm:ss")
    return value


def _parse_local(value: str, m: Meeting) -> datetime:
    import pendulum

    text = value.strip()
    try:
        if len(text) <= 8 and ":" in text:  # a clock time on the day the meeting was held
            parts = [int(x) for x in text.split(":")] + [0, 0]
            day = (pendulum.instance(m.called_to_order_at).in_timezone(m.timezone) if m.called_to_order_at
                   else pendulum.parse(m.date))
            instant = pendulum.datetime(day.year, day.month, day.day, parts[0], parts[1], parts[2], tz=m.timezone)
        else:
            instant = pendulum.parse(text, tz=m.timezone)
    except Exception as exc:
        raise ProcedureError(f"'{value}' is not a time; expected HH:MM:SS (local) or ISO 8601.") from exc
    return datetime.fromtimestamp(instant.timestamp(), UTC)


# --------------------------------------------------------------------------- undo


def undo_target(s: Session, meeting_id: str) -> LogEntry | None:
    """The newest chair action that can still be undone (it kept a snapshot and
    was not undone yet), or None."""
    return s.exec(
        select(LogEntry)
        .where(
            LogEntry.meeting_id == meeting_id,
            LogEntry.before != None,  # noqa: E711
            LogEntry.undone_by == None,  # noqa: E711
            LogEntry.action != "undo",
        )
        .order_by(LogEntry.id.desc())  # type: ignore[union-attr]
    ).first()


@_action
def undo(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Undo the last chair action not yet undone (pressing again undoes the one
    before, as far as the log goes): the list, the timing, the items and the
    meeting state are restored exactly as they were before it. The undone row
    stays in the log, marked, and the undo is itself logged.

    Raises:
        ProcedureError: nothing left to undo.
    """
    with store.transaction() as s:
        m = _meeting(s, meeting_id)
        if m.record_status == "final":
            raise ProcedureError("The record is final: nothing can be undone; the secretariat corrects it (floor correct).")
        target = undo_target(s, meeting_id)
        if target is None or not target.before:
            raise ProcedureError("There is nothing to undo.")
        _restore(s, meeting_id, target.before)
        m = s.get(Meeting, meeting_id)
        entry = _log(
            s, m, now, actor, "undo", f"Undone: {target.summary}", undone=target.id, undone_action=target.action,
        )
        entry.before = None  # an undo is not itself undone; the chair redoes the action instead
        target.undone_by = entry.id
        return entry


# --------------------------------------------------------------------------- notes (not procedural)


def _notes_open(s: Session, item_id: int) -> None:
    item = s.get(AgendaItem, item_id)
    m = s.get(Meeting, item.meeting_id) if item else None
    if m is not None and m.record_status == "final":
        raise ProcedureError("The record is final: notes can no longer change.")


def save_notes(
    store: Store, intervention_id: int, text: str, now: datetime, started_at: datetime | None = None
) -> None:
    """Save the rapporteur's notes of one intervention (not a procedural event: no log row).

    ``started_at``: when the note's first keystroke was typed (UTC); kept from
    the first save that gives it.
    """
    with store.transaction() as s:
        iv = s.get(Intervention, intervention_id)
        if iv is None:
            raise ProcedureError("That intervention no longer exists.")
        _notes_open(s, iv.item_id)
        if iv.notes != text:
            iv.notes = text
            iv.notes_saved_at = now
        if iv.notes_started_at is None and text.strip():
            iv.notes_started_at = started_at or now


def save_item_notes(store: Store, item_id: int, text: str) -> None:
    """Save the item-level notes (main points, follow-up) of an agenda item."""
    with store.transaction() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise ProcedureError("That agenda item no longer exists.")
        _notes_open(s, item_id)
        item.notes = text
