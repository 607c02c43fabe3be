"""The Chair's "if there is no objection" step: a decision is announced, the
objection window stays open until the Chair confirms it ("There being no
objection, it is so decided") or withdraws it. No timer decides
(DOMAIN.md, "Speakers list"; rules of procedure of UN bodies, e.g. rule 115 of
the General Assembly: the list is closed "with the consent of the body").

Announceable: ``close_list``, ``end_list``, ``set_limits`` (with its
arguments). The pending announcement is kept in ``Meeting.settings
["announcement"]`` (JSON; no schema change): ``{"action", "item_id",
"at" (ISO UTC), "args"}``; one at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.procedure.common import ProcedureError, chair_transaction, current_item, log, not_risen
from models.procedure.speakers_list import closing, ending
from models.procedure.time_limits import check_limits, limiting
from models.store import Store
from models.tables import LogEntry, Meeting

#: What the Chair may announce, and how the announcement reads ("the Chair announced that …").
ANNOUNCEABLE = {
    "close_list": "the list of speakers would be closed",
    "end_list": "the list of speakers would be ended",
    "set_limits": "the speaking time would be changed",
}


def pending(m: Meeting) -> dict[str, Any] | None:
    """The announcement awaiting the Chair's decision, or None."""
    return m.settings.get("announcement")


def announce(store: Store, meeting_id: str, now: datetime, decision: str, actor: str = "chair",
             **args: Any) -> LogEntry:
    """Announce ``decision`` (a key of :data:`ANNOUNCEABLE`) on the current item "if there is no objection";
    nothing changes until :func:`confirm_announcement`.

    Raises:
        ProcedureError: unknown action, one already pending, no item open, the
            list already closed (close_list), or malformed limits (set_limits).
    """
    action = decision
    if action not in ANNOUNCEABLE:
        raise ProcedureError(f"'{action}' cannot be announced.")
    if action == "set_limits":
        check_limits(args.get("cap_s"), args.get("category"), args.get("value_s"))
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        if pending(m) is not None:
            raise ProcedureError("An announcement is pending: confirm it (y) or withdraw it (n) first.")
        if action == "close_list" and item.list_closed_at is not None:
            raise ProcedureError(f"The list of item {item.number} is already closed.")
        m.settings = {**m.settings, "announcement": {"action": action, "item_id": item.id, "at": now.isoformat(),
                                                     "args": args}}
        return log(s, m, now, actor, "announced",
                   f"The Chair announced that {ANNOUNCEABLE[action]} if there is no objection (item {item.number})",
                   announced=action, args=args)


def _take(m: Meeting) -> dict[str, Any]:
    a = pending(m)
    if a is None:
        raise ProcedureError("No announcement is pending.")
    m.settings = {k: v for k, v in m.settings.items() if k != "announcement"}
    return a


def confirm_announcement(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """There being no objection: carry out the pending announcement at ``now``.
    The log row is the decision's own (``list_closed``, ``list_ended``,
    ``limits_changed``) with ``announced_at`` (ISO UTC) in its detail.

    Raises:
        ProcedureError: nothing pending, the item it concerned is no longer
            open, or the decision is no longer possible (list already closed).
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        a = _take(m)
        item = current_item(s, m)
        if item.id != a["item_id"]:
            raise ProcedureError("The announcement concerned another item; withdraw it (n).")
        if a["action"] == "close_list":
            action, (summary, detail) = "list_closed", closing(s, item, now)
        elif a["action"] == "end_list":
            action, (summary, detail) = "list_ended", ending(s, item, now)
        else:
            action, (summary, detail) = "limits_changed", limiting(s, m, item, **a["args"])
        return log(s, m, now, actor, action, f"{summary} (no objection)", announced_at=a["at"], **detail)


def withdraw_announcement(store: Store, meeting_id: str, now: datetime, actor: str = "chair") -> LogEntry:
    """The Chair withdraws the pending announcement (an objection was raised);
    nothing else changes.

    Raises:
        ProcedureError: nothing pending.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        a = _take(m)
        return log(s, m, now, actor, "announcement_withdrawn",
                   f"The announcement that {ANNOUNCEABLE[a['action']]} was withdrawn",
                   item_id=a["item_id"], announced=a["action"], announced_at=a["at"], args=a["args"])
