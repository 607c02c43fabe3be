"""Agenda amendments: add an item, retitle it or change its allotted time, reorder the items to come."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from models.procedure.common import (
    ProcedureError,
    agenda_items,
    chair_transaction,
    log,
    not_risen,
)
from models.store import Store
from models.tables import (
    AgendaItem,
    LogEntry,
    Meeting,
)


def add_item(
    store: Store, meeting_id: str, now: datetime, number: str = "", title: str = "", allotted_s: int = 600,
    actor: str = "chair",
) -> LogEntry:
    """Add an agenda item after the current one (or at the start before the call to order).

    Raises:
        ProcedureError: empty title, a number already used, or a non-positive time.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        items = agenda_items(s, m.id)
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
        return log(
            s, m, now, actor, "item_added", f"Item {number} added: {title.strip()} ({allotted_s // 60} min)",
            item_id=new.id, number=number, title=title.strip(), allotted_s=allotted_s,
        )


def _amendable(s: Session, m: Meeting, item_id: int) -> AgendaItem:
    item = s.get(AgendaItem, item_id)
    if item is None or item.meeting_id != m.id:
        raise ProcedureError("No such agenda item.")
    return item


def amend_item(
    store: Store, meeting_id: str, now: datetime, item_id: int = 0, title: str | None = None,
    allotted_s: int | None = None, actor: str = "chair",
) -> LogEntry:
    """Retitle an agenda item or change its allotted time (old and new values logged).

    Raises:
        ProcedureError: no such item, empty title or non-positive time.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
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
        return log(s, m, now, actor, "item_amended", f"Item {item.number} " + "; ".join(parts), item_id=item.id, changes=changes)


def move_item(store: Store, meeting_id: str, now: datetime, item_id: int = 0, delta: int = 1, actor: str = "chair") -> LogEntry:
    """Move an item still to come ``delta`` places among the items still to come.

    Raises:
        ProcedureError: the item has started, or cannot move further.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        items = agenda_items(s, m.id)
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
        return log(
            s, m, now, actor, "item_moved", f"Item {item.number} moved; order now {', '.join(order)}",
            item_id=item.id, order=order,
        )
