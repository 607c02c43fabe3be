"""Points of order: raised, heard first come first served, ruled on by the chair
(UNTOC COP rules of procedure, rule 44; DOMAIN.md, "Interruptions").
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from models.categories import label
from models.procedure.common import (
    ProcedureError,
    active_point,
    chair_transaction,
    close_pause,
    current_item,
    current_speaker,
    in_session,
    log,
    name_of,
    not_risen,
    participant_by_key,
    queued_points,
)
from models.store import Store
from models.tables import (
    AgendaItem,
    LogEntry,
    Meeting,
    Participant,
    PointOfOrder,
)


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
    with chair_transaction(store, meeting_id) as (s, m):
        in_session(m)
        item = current_item(s, m)
        p = participant_by_key(s, m, participant_key)
        point, summary, detail = point_raised(s, m, item, p, now, subject)
        if point is None:
            return log(s, m, now, actor, "point_of_order_refused", summary, accepted=False, **detail)
        return log(s, m, now, actor, "point_of_order", summary, **detail)


def point_raised(s: Session, m: Meeting, item: AgendaItem, p: Participant, now: datetime,
                 subject: str = "") -> tuple[PointOfOrder | None, str, dict]:
    """Inside an action's transaction: ``p`` raises a point of order on
    ``item`` at ``now`` under the rules of :func:`raise_point_of_order`
    (entitlement, the pause, first come first served).

    Returns:
        (the point, or None when ``p`` is not entitled; the log row's summary; its detail).
    """
    allowed = m.settings.get("point_of_order_by") or []
    if allowed and p.category not in allowed:
        return None, (f"Request by {name_of(p)} to raise a point of order not granted "
                      f"(only: {', '.join(label(c) for c in allowed)})"), {
            "participant": p.key, "delegation": p.delegation, "subject": subject, "reason": "not_entitled",
            "allowed": allowed}
    current = current_speaker(s, item.id)
    active = active_point(s, m)
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
    return point, f"Point of order raised by {name_of(p)}: {subject}{queued}", {
        "intervention_id": current.id if current else None, "participant": p.key, "subject": subject, "point": point.id}


def rule_on_point_of_order(
    store: Store, meeting_id: str, now: datetime, ruling: str = "", actor: str = "chair"
) -> LogEntry:
    """The chair rules on the point of order being heard. The next queued point
    is heard; when none is left, the interrupted speaker resumes with exactly
    the time they had left.

    Raises:
        ProcedureError: no point of order is being heard.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        point = active_point(s, m)
        if point is None:
            raise ProcedureError("No point of order is being heard.")
        point.ended_at = now
        point.ruling = ruling
        p = s.get(Participant, point.participant_id)
        queued = queued_points(s, m)
        resumed = None
        if queued:
            queued[0].started_at = now
        elif m.current_item_id is not None:
            current = current_speaker(s, m.current_item_id)
            if current is not None and current.pause_reason == "point_of_order":
                close_pause(current, now)
                resumed = current.id
        return log(
            s, m, now, actor, "point_of_order_ruled",
            f"Ruling on the point of order of {name_of(p)}: {ruling}" if ruling else f"Point of order of {name_of(p)} ruled on",
            participant=p.key, subject=point.subject, ruling=ruling, point=point.id, resumed=resumed,
            heard_s=round((now - point.started_at).total_seconds()),
        )
