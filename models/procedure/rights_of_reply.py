"""Rights of reply: their own queue, heard after the list, at most so many per delegation
(DOMAIN.md, "Interruptions").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from models.categories import label
from models.procedure.common import (
    REPLY,
    SPEAKING,
    WAITING,
    chair_transaction,
    current_item,
    last_position,
    log,
    not_risen,
    ordinal,
    participant_by_key,
    place,
)
from models.store import Store
from models.tables import (
    AgendaItem,
    Intervention,
    InterventionStatus,
    LogEntry,
    Meeting,
    Participant,
)


def request_reply(store: Store, meeting_id: str, now: datetime, participant_key: str = "", actor: str = "chair") -> LogEntry:
    """A delegation asks for the right of reply. Replies wait in their own queue
    and are heard after the speakers list is exhausted; at most
    ``right_of_reply.max_per_delegation`` per delegation per item (or meeting),
    the first and second with their own limits (DOMAIN.md, "Interruptions").
    A request over the maximum is refused and logged.

    Raises:
        ProcedureError: no item open, or unknown participant.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        p = participant_by_key(s, m, participant_key)
        iv, summary, detail = reply_placed(s, m, item, p, now)
        if iv is None:
            return log(s, m, now, actor, "reply_refused", summary, accepted=False, **detail)
        return log(s, m, now, actor, "reply_requested", summary, intervention_id=iv.id, **detail)


def reply_placed(s: Session, m: Meeting, item: AgendaItem, p: Participant,
                 now: datetime) -> tuple[Intervention | None, str, dict]:
    """Inside an action's transaction: put ``p``'s right of reply on ``item``'s
    queue at ``now`` under the rules of :func:`request_reply` (who may reply,
    how many, every first reply before any second).

    Returns:
        (the new entry, or None when refused; the log row's summary; its detail).
    """
    rules = m.settings.get("right_of_reply", {})
    limit_n = rules.get("max_per_delegation", 2)
    entitled = rules.get("by") or []
    if entitled and p.category not in entitled:
        return None, (f"Right of reply requested by {p.delegation} refused: only "
                      f"{', '.join(label(c) for c in entitled)}"), {"participant": p.key, "reason": "not_entitled"}
    query = (
        select(Intervention, Participant)
        .join(Participant, Participant.id == Intervention.participant_id)
        .join(AgendaItem, AgendaItem.id == Intervention.item_id)
        .where(Intervention.kind == REPLY, Participant.delegation == p.delegation, AgendaItem.meeting_id == m.id)
        .where(Intervention.status.in_([WAITING, SPEAKING, InterventionStatus.SPOKE]))  # type: ignore[attr-defined]
    )
    if rules.get("scope", "item") == "item":
        query = query.where(Intervention.item_id == item.id)
    count = len(s.exec(query).all())  # a handful of rows: one delegation's replies
    if count >= limit_n:
        return None, f"Right of reply requested by {p.delegation} refused: at most {limit_n} per delegation", {
            "participant": p.key, "reason": f"max_per_delegation_per_{rules.get('scope', 'item')}", "nth": count + 1}
    nth = count + 1
    allotted = rules.get("first_s") if nth == 1 else rules.get("second_s")
    iv = Intervention(
        item_id=item.id, participant_id=p.id, position=0, kind=REPLY, reply_number=nth,
        inscribed_at=now, allotted_s=allotted,
    )
    # every first reply is heard before any second one, each in order of request
    before = last_position(s, item.id, REPLY, where=func.coalesce(Intervention.reply_number, 1) <= nth)
    place(s, iv, before, REPLY)
    s.add(iv)
    s.flush()
    return iv, f"{p.delegation} asked for its {ordinal(nth)} right of reply", {
        "participant": p.key, "nth": nth, "allotted_s": allotted}
