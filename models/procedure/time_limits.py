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


def _spent(s, item: AgendaItem, category: str, now: datetime) -> int:
    """Whole seconds the item's statements by ``category`` have used by ``now`` (the running one included)."""
    from models.procedure.common import STATEMENT
    from models.tables import InterventionStatus
    from models.timing import used_seconds

    ivs = s.exec(
        select(Intervention).join(Participant, Participant.id == Intervention.participant_id).where(
            Intervention.item_id == item.id, Intervention.kind == STATEMENT, Participant.category == category,
            Intervention.status.in_([InterventionStatus.SPOKE, InterventionStatus.SPEAKING]),
        )
    ).all()
    return sum(used_seconds(iv, now) for iv in ivs)


def set_contingent(
    store: Store, meeting_id: str, now: datetime, category: str, value_s: int | None = None,
    delta_s: int | None = None, reset: bool = False, actor: str = "chair",
) -> LogEntry:
    """Edit the current item's time contingent (s) of one category: set it to
    ``value_s``, add ``delta_s`` (negative subtracts), or ``reset`` (remove it:
    the category is no longer budgeted). Logged with old and new values; undoable.

    Raises:
        ProcedureError: not exactly one of the three given, an unknown
            category, a contingent below 0 s, or no contingent to adjust/reset.
    """
    if sum(x is not None and x is not False for x in (value_s, delta_s, reset or None)) != 1:
        raise ProcedureError("Give a new contingent, an amount to add or subtract, or reset.")
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        if category not in m.settings.get("categories", []):
            raise ProcedureError(f"Unknown category '{category}'.")
        old = item.contingents_s.get(category)
        if (delta_s is not None or reset) and old is None:
            raise ProcedureError(f"{label(category)} has no contingent on item {item.number}.")
        new = None if reset else value_s if value_s is not None else old + delta_s
        if new is not None and new < 0:
            raise ProcedureError("A contingent cannot be below 0 s.")
        contingents = {k: v for k, v in item.contingents_s.items() if k != category}
        if new is not None:
            contingents[category] = new
        item.contingents_s = contingents
        summary = (f"{label(category)} contingent on item {item.number} reset" if new is None else
                   f"{label(category)} contingent on item {item.number} changed from {old} s to {new} s")
        return log(s, m, now, actor, "contingent_changed", summary, category=category, old_s=old, new_s=new)


def share_overrun(store: Store, meeting_id: str, now: datetime, category: str, actor: str = "chair") -> LogEntry:
    """Share out ``category``'s overrun on the current item: its excess (time
    used beyond its contingent, whole seconds at ``now``) is added to every
    category's contingent on the item, so the overrun one returns to zero and
    the others keep their margins (OpenSlides' rule for speaking-time
    contingents). Logged with the excess and each old and new value.

    Raises:
        ProcedureError: the category has no contingent, or no overrun.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        budget = item.contingents_s.get(category)
        if budget is None:
            raise ProcedureError(f"{label(category)} has no contingent on item {item.number}.")
        excess = _spent(s, item, category, now) - budget
        if excess <= 0:
            raise ProcedureError(f"{label(category)} has not overrun its contingent.")
        old = dict(item.contingents_s)
        item.contingents_s = {k: v + excess for k, v in old.items()}
        return log(
            s, m, now, actor, "contingent_shared",
            f"Overrun of {excess} s by {label(category)} on item {item.number} added to every contingent",
            category=category, excess_s=excess, old=old, new=item.contingents_s,
        )
