"""Time limits: the limit an entry gets, and the chair's mid-item changes (a cap, or one category)
(DOMAIN.md, "Time").
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from models.categories import label
from models.procedure.common import (
    WAITING,
    ProcedureError,
    chair_transaction,
    current_item,
    log,
    not_risen,
    waiting_entries,
)
from models.store import Store
from models.tables import (
    AgendaItem,
    Intervention,
    LogEntry,
    Meeting,
    Participant,
)


def limit_for(m: Meeting, item: AgendaItem, category: str) -> int | None:
    """The limit (s) a new entry of ``category`` gets on ``item``: the item's
    category limit if the chair set one, else the meeting's; capped by the
    item's cap. None = untimed."""
    base = item.category_limits_s.get(category, m.settings.get("limits_s", {}).get(category))
    if base is not None and item.limit_cap_s is not None:
        return min(base, item.limit_cap_s)
    return base


def check_limits(cap_s: int | None, category: str | None, value_s: int | None) -> None:
    """Refuse a malformed limit change (before anything is written or announced).

    Raises:
        ProcedureError: neither or both forms given, or a value below 1 s.
    """
    if (cap_s is None) == (category is None):
        raise ProcedureError("Give either a cap for everyone or a category and its new limit.")
    value = cap_s if cap_s is not None else value_s
    if value is None or value < 1:
        raise ProcedureError("A time limit must be at least 1 second.")


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
    check_limits(cap_s, category, value_s)
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        summary, detail = limiting(s, m, current_item(s, m), cap_s, category, value_s)
        return log(s, m, now, actor, "limits_changed", summary, **detail)


def limiting(s, m: Meeting, item: AgendaItem, cap_s: int | None = None, category: str | None = None,
             value_s: int | None = None) -> tuple[str, dict]:
    """Apply a limit change (as :func:`set_limits`) to ``item`` inside the
    caller's transaction; returns the log's summary and detail.

    Raises:
        ProcedureError: as :func:`set_limits`.
    """
    check_limits(cap_s, category, value_s)
    if category is not None and category not in m.settings.get("categories", []):
        raise ProcedureError(f"Unknown category '{category}'.")
    waiting = waiting_entries(s, item.id)
    demand_before = sum(iv.allotted_s or 0 for iv in waiting)
    changes: dict[str, list[int | None]] = {}
    if cap_s is not None:
        item.limit_cap_s = cap_s
    else:
        assert category is not None and value_s is not None
        item.category_limits_s = {**item.category_limits_s, category: value_s}
    category_of = dict(s.exec(
        select(Participant.id, Participant.category)
        .join(Intervention, Intervention.participant_id == Participant.id)
        .where(Intervention.item_id == item.id, Intervention.status == WAITING)
    ).all())
    for iv in waiting:
        cat = category_of[iv.participant_id]
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
    return summary, dict(
        cap_s=cap_s, category=category, value_s=value_s,
        changes=changes, remaining=len(waiting), demand_before_s=demand_before, demand_after_s=demand_after,
    )
