"""The floor: given to the next speaker, ended, paused and resumed, time added or taken.

Pauses are not charged to the speaker (DOMAIN.md, "Time").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.procedure.attendance import imply_presence
from models.procedure.common import (
    REPLY,
    SPEAKING,
    ProcedureError,
    active_point,
    agenda_items,
    chair_transaction,
    close_pause,
    current_item,
    current_speaker,
    finish,
    head_of_queue,
    in_session,
    log,
    name_of,
    no_point_pending,
    not_risen,
    ordinal,
    replies_held,
    replies_waiting,
    speaking,
    who,
)
from models.store import Store
from models.tables import (
    AgendaItem,
    LogEntry,
)
from models.timing import used_seconds, whole_seconds


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
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        item = current_item(s, m)
        if active_point(s, m) is not None:
            raise ProcedureError("A point of order is being heard; give the ruling first (press g).")
        nxt = head_of_queue(s, item.id)
        held = replies_held(m)
        requested_on = None
        if nxt is None and not held:
            nxt = head_of_queue(s, item.id, REPLY)  # replies after the list
        elif nxt is None and m.current_item_id == agenda_items(s, m.id)[-1].id:
            # held to the end of the meeting: after the last item's list, replies of every item
            reply = next(iter(replies_waiting(s, m, whole_meeting=True)), None)
            nxt = reply[0] if reply is not None else None
            if nxt is not None and nxt.item_id != item.id:
                requested_on = s.get(AgendaItem, nxt.item_id).number
                nxt.item_id = item.id  # heard, and recorded, under the item where it is heard
        if nxt is None:
            held_note = " (rights of reply are heard at the end of the meeting)" if held else ""
            raise ProcedureError(f"No one is waiting on the speakers list of item {item.number}{held_note}.")
        if expected_next_id is not None and nxt.id != expected_next_id:
            raise ProcedureError("The speakers list changed; check who is next and press again.")
        detail: dict[str, Any] = {}
        current = current_speaker(s, item.id)
        if current is not None:
            detail = {"ended_intervention": current.id, **finish(current, now)}
        nxt.status = SPEAKING
        nxt.called_at = now
        nxt.started_at = now
        nxt.ended_at = None
        nxt.paused_s = 0.0
        nxt.paused_since = None
        nxt.used_s = None
        p = who(s, nxt)
        present = imply_presence(s, p, now)  # being given the floor implies presence (procedure/attendance.py)
        if present:
            detail["present"] = present
        what = f"right of reply ({ordinal(nxt.reply_number)}) " if nxt.kind == REPLY else ""
        return log(
            s, m, now, actor, "floor_given", f"Floor given to {name_of(p)}" + (f" for its {what.strip()}" if what else ""),
            intervention_id=nxt.id,
            participant=p.key, allotted_s=nxt.allotted_s, **detail,
            **({"requested_on_item": requested_on} if requested_on is not None else {}),
        )


def end_intervention(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """End the current intervention (the speaker has finished).

    Raises:
        ProcedureError: nobody has the floor.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        no_point_pending(s, m)
        item = current_item(s, m)
        current = current_speaker(s, item.id)
        if current is None:
            raise ProcedureError("Nobody has the floor.")
        detail = finish(current, now)
        p = who(s, current)
        figures = f"{detail['used_s']} s used" + (f" of {detail['limit_s']} s" if detail["limit_s"] is not None else "")
        return log(
            s, m, now, actor, "intervention_ended", f"{name_of(p)} ended ({figures})", intervention_id=current.id,
            participant=p.key, **detail,
        )


def pause(store: Store, meeting_id: str, now: datetime, reason: str = "", actor: str = "chair") -> LogEntry:
    """Pause the current countdown; the pause is not charged to the speaker.

    Raises:
        ProcedureError: nobody has the floor, or the countdown is already paused.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        current, p = speaking(s, m)
        if current.paused_since is not None:
            raise ProcedureError("The countdown is already paused.")
        current.paused_since = now
        current.pause_reason = reason or "chair"
        return log(
            s, m, now, actor, "paused", f"Countdown of {name_of(p)} paused" + (f" ({reason})" if reason else ""),
            intervention_id=current.id,
            participant=p.key, reason=reason, used_s=used_seconds(current, now),
        )


def resume_countdown(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """Resume a paused countdown.

    Raises:
        ProcedureError: nobody has the floor, or the countdown is not paused.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        no_point_pending(s, m)
        current, p = speaking(s, m)
        if current.paused_since is None:
            raise ProcedureError("The countdown is not paused.")
        pause_len = whole_seconds(now - current.paused_since)
        close_pause(current, now)
        return log(
            s, m, now, actor, "countdown_resumed",
            f"Countdown of {name_of(p)} resumed after {pause_len} s (not charged)", intervention_id=current.id,
            participant=p.key, pause_s=pause_len,
        )


def adjust_time(store: Store, meeting_id: str, now: datetime, delta_s: int = 30, actor: str = "chair") -> LogEntry:
    """Give the current speaker ``delta_s`` more seconds (negative: fewer).

    The limit never goes below zero. Untimed interventions cannot be adjusted.

    Raises:
        ProcedureError: nobody has the floor, or the intervention is untimed.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        current, p = speaking(s, m)
        if current.allotted_s is None:
            raise ProcedureError(f"{p.delegation} is not timed.")
        old = current.allotted_s + current.extension_s
        current.extension_s = max(-current.allotted_s, current.extension_s + delta_s)
        new = current.allotted_s + current.extension_s
        if new == old:
            raise ProcedureError(f"The limit of {p.delegation} is already 0 s.")
        sign = "+" if delta_s >= 0 else "−"
        return log(
            s, m, now, actor, "time_adjusted", f"{sign}{abs(delta_s)} s for {name_of(p)}", intervention_id=current.id,
            participant=p.key, old_limit_s=old, new_limit_s=new,
        )
