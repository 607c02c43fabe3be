"""Participants' own requests for the floor (issue 12): one channel for States
and civil society alike, from each participant's page (``tui.participants``).

A participant asks for a place on an item's speakers list, for the right of
reply or (where the agenda allows) to raise a point of order; it can withdraw
its request and check in ("connected"). The chair keeps the floor:

* **Before the inscription deadline** a request for a place on the list is
  placed at once, by the agenda's rules, exactly as if the chair had inscribed
  the participant at the time of the request (precedence of category, then
  time of request; or order of request alone with ``list_order: request`` —
  COP rules of procedure, rule 42), and acknowledged with its place. The
  deadline is the item's ``inscription_deadline``, else the meeting's
  ``requests.deadline``; with neither, requests are placed at once until the
  meeting is called to order. A scheduled deadline is the closure of the list
  to participants' own requests; the chair's closure of a list
  (``speakers_list.close_list``) closes it too.
* **After it** (a late request, logged as such) a request goes to the chair,
  who accepts it with one key (:func:`accept_request`: placed as the chair's
  inscription would be at that moment) or declines it with a reason
  (:func:`decline_request`; the participant's page shows the reason) — unless
  the chair has the item's late requests accepted automatically
  (:func:`set_auto_accept`, or ``auto_accept: true`` on the item in the agenda).
* A right of reply or a point of order always goes to the chair: the countdown
  pauses only when the chair takes the point up, and ``rules.point_of_order_by``
  and ``right_of_reply.by`` still decide who may (UNTOC COP rules of
  procedure, rules 44 and 45 as the agenda sets them).

Nothing a participant does gives the floor, moves another entry or changes a
time. A participant's action acts for its own participant only (the page
knows it from the link: ``models.procedure.participant_links``), needs the
``requests`` right (``models.roles``), is one transaction with one
procedural-log row whose actor is ``participant``, and is never taken back by
the chair's undo (the chair withdraws or declines instead). A form sent twice
(a double click, a reload) is one request: each form carries a one-time
``request_key``, unique per participant.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from models import roles
from models.categories import label
from models.procedure.attendance import arriving, registered_presence
from models.procedure.common import (
    WAITING,
    ProcedureError,
    chair_transaction,
    current_item,
    entered_statement,
    in_session,
    log,
    name_of,
    not_risen,
    one_line_text,
    participant_by_key,
)
from models.procedure.participation import refusal_detail, why_not
from models.procedure.points_of_order import point_raised
from models.procedure.rights_of_reply import reply_placed
from models.procedure.speakers_list import place_on_list
from models.store import Store
from models.tables import (
    AgendaItem,
    FloorRequest,
    Intervention,
    InterventionStatus,
    LogEntry,
    Meeting,
    MeetingState,
    Participant,
    RequestKind,
    RequestStatus,
)

#: The actor of a participant's own action on the procedural log (never undone by the chair's undo).
PARTICIPANT = "participant"

#: What a request asks for, as a page and the chair's screen say it.
KIND_LABELS: dict[RequestKind, str] = {
    RequestKind.STATEMENT: "the floor",
    RequestKind.REPLY: "the right of reply",
    RequestKind.POINT_OF_ORDER: "a point of order",
}

#: Longest subject of a point of order and longest reason of a decline, in characters.
MAX_TEXT = 500


def inscription_deadline(m: Meeting, item: AgendaItem) -> datetime | None:
    """The item's inscription deadline for participants' own requests (aware
    UTC): its own ``inscription_deadline``, else the meeting's
    ``requests.deadline``, else None (none scheduled)."""
    requests = m.settings.get("requests") or {}
    raw = (requests.get("deadlines") or {}).get(str(item.id)) or requests.get("deadline")
    return datetime.fromisoformat(raw) if raw else None


def placed_at_once(m: Meeting, item: AgendaItem, now: datetime) -> bool:
    """Whether a request for a place on ``item``'s list made at ``now`` is
    placed at once (before the deadline; with none, before the call to order)."""
    deadline = inscription_deadline(m, item)
    if deadline is None:
        return m.state == MeetingState.SCHEDULED
    return now < deadline


def auto_accepted(m: Meeting, item: AgendaItem) -> bool:
    """Whether the chair has ``item``'s late requests accepted automatically."""
    return item.id in ((m.settings.get("requests") or {}).get("auto_accept") or [])


def allows(m: Meeting, kind: RequestKind) -> bool:
    """Whether the agenda lets participants ask for ``kind`` from their pages
    (a place on the list always; the right of reply and points of order when
    ``requests.reply`` / ``requests.point_of_order`` are true)."""
    if kind == RequestKind.STATEMENT:
        return True
    return bool((m.settings.get("requests") or {}).get("reply" if kind == RequestKind.REPLY else "point_of_order"))


def _text(value: str, what: str) -> str:
    """``value`` checked as one line of at most :data:`MAX_TEXT` characters (``common.one_line_text``)."""
    return one_line_text(value, what, MAX_TEXT)


def _item_of(s: Session, m: Meeting, item_id: int) -> AgendaItem:
    item = s.get(AgendaItem, item_id)
    if item is None or item.meeting_id != m.id:
        raise ProcedureError("There is no such item on the agenda.")
    return item


def _open_request(s: Session, p: Participant, item: AgendaItem, kind: RequestKind) -> FloorRequest | None:
    """``p``'s request of ``kind`` on ``item`` still pending, or placed and not yet heard."""
    rows = s.exec(select(FloorRequest).where(
        FloorRequest.participant_id == p.id, FloorRequest.item_id == item.id, FloorRequest.kind == kind,
        FloorRequest.status.in_([RequestStatus.PENDING, RequestStatus.PLACED]),  # type: ignore[attr-defined]
    ).order_by(FloorRequest.id.desc())).all()  # type: ignore[union-attr]
    for r in rows:
        if r.status == RequestStatus.PENDING:
            return r
        iv = s.get(Intervention, r.intervention_id) if r.intervention_id else None
        if iv is not None and iv.status in (WAITING, InterventionStatus.SPEAKING):
            return r
    return None


def request_floor(
    store: Store, meeting_id: str, now: datetime, participant_key: str, item_id: int,
    kind: RequestKind | str = RequestKind.STATEMENT, request_key: str = "", subject: str = "",
    actor: str = PARTICIPANT,
) -> LogEntry:
    """A participant asks, from its page, for a place on item ``item_id``'s
    speakers list (``kind="statement"``), for the right of reply or to raise a
    point of order (on the item open now). See the module's doc for where the
    request goes. The same ``request_key`` twice is one request: the second
    call writes nothing and returns the first call's log row (refused once
    that request was withdrawn or declined: a stale form sent again).

    Returns:
        The log row: ``request_placed`` (on the list, with ``detail.place``),
        ``floor_requested`` (pending with the chair; ``detail.late``), or
        ``request_refused`` (``accepted=False``): the participant is neither
        approved nor invited (``models.procedure.participation``; the summary
        gives the status and its basis).

    Raises:
        RoleRefused: the process may not make requests.
        ProcedureError: the meeting has risen; no such item or participant; the
            item's list has ended, or the item was dealt with; the participant is already on it or has a
            request pending; the agenda does not let participants ask for
            ``kind``, or the participant's category may not; a reply or a
            point of order on an item not open; an empty ``request_key``.
    """
    kind = RequestKind(kind)
    if not request_key:
        raise ProcedureError("The request carries no form key; reload the page and try again.")
    with chair_transaction(store, meeting_id, roles.REQUESTS) as (s, m):
        p = participant_by_key(s, m, participant_key)
        again = s.exec(select(FloorRequest).where(FloorRequest.participant_id == p.id,
                                                  FloorRequest.request_key == request_key)).first()
        if again is not None:  # the same form again: a double click, a resend
            if again.status in (RequestStatus.WITHDRAWN, RequestStatus.DECLINED):
                raise ProcedureError(f"This request was {again.status.value} already; reload the page to ask again.")
            entry = s.get(LogEntry, again.log_id) if again.log_id else None
            if entry is None:
                raise ProcedureError("This request was already sent.")
            return entry
        not_risen(m)
        item = _item_of(s, m, item_id)
        barred = why_not(p, name_of(p), "ask for the floor")
        if barred:  # per the meeting's accreditation decisions: refused, and on record
            return log(s, m, now, actor, "request_refused", barred, item_id=item.id, accepted=False,
                       participant=p.key, kind=kind.value, reason="participation", **refusal_detail(p))
        if not allows(m, kind):
            raise ProcedureError(f"Participants cannot ask for {KIND_LABELS[kind]} from their pages in this meeting.")
        if item.list_ended_at is not None and kind == RequestKind.STATEMENT:
            raise ProcedureError(f"The list of speakers of item {item.number} has ended.")
        if item.ended_at is not None and item.id != m.current_item_id:
            raise ProcedureError(f"Item {item.number} has been dealt with.")
        if kind != RequestKind.STATEMENT:
            in_session(m)
            if item.id != m.current_item_id:
                raise ProcedureError(f"Item {item.number} is not being discussed now.")
            entitled = (m.settings.get("point_of_order_by") if kind == RequestKind.POINT_OF_ORDER
                        else (m.settings.get("right_of_reply") or {}).get("by")) or []
            if entitled and p.category not in entitled:
                raise ProcedureError(f"Only {', '.join(label(c) for c in entitled)} may ask for {KIND_LABELS[kind]}.")
        elif entered_statement(s, item.id, p.id) is not None:
            raise ProcedureError(f"{name_of(p)} is already on the list of item {item.number}.")
        if _open_request(s, p, item, kind) is not None:
            raise ProcedureError(f"{name_of(p)} has already asked for {KIND_LABELS[kind]} on item {item.number}.")
        deadline = inscription_deadline(m, item)
        late = kind == RequestKind.STATEMENT and not placed_at_once(m, item, now)
        request = FloorRequest(
            meeting_id=m.id, item_id=item.id, participant_id=p.id, kind=kind, request_key=request_key[:100],
            requested_at=now, late=late, subject=_text(subject, "subject"),
        )
        closed = item.list_closed_at is not None
        if kind == RequestKind.STATEMENT and not closed and (not late or auto_accepted(m, item)):
            iv, summary, detail = place_on_list(s, m, item, p, now, why=" at its own request")
            assert iv is not None  # neither a duplicate nor a closed list: checked above
            request.status, request.decided_at, request.intervention_id = RequestStatus.PLACED, now, iv.id
            s.add(request)
            s.flush()
            if late:
                summary += " (late request, accepted automatically)"
            entry = log(s, m, now, actor, "request_placed", summary, item_id=item.id, intervention_id=iv.id,
                        request=request.id, late=late, **detail)
        else:
            s.add(request)
            s.flush()
            what = "a place on the list of speakers" if kind == RequestKind.STATEMENT else KIND_LABELS[kind]
            why = " (late request)" if late else ""
            entry = log(s, m, now, actor, "floor_requested", f"{name_of(p)} asks for {what} on item {item.number}{why}",
                        item_id=item.id, request=request.id, participant=p.key, kind=kind.value, late=late,
                        deadline=deadline.isoformat() if deadline else None, list_closed=closed)
        request.log_id = entry.id
        return entry


def withdraw_request(store: Store, meeting_id: str, now: datetime, participant_key: str, request_id: int,
                     actor: str = PARTICIPANT) -> LogEntry:
    """A participant takes back its request: a pending one, or a place on the
    list not yet called (the entry becomes "withdrew", as when the chair
    withdraws a speaker). A speaker who has the floor cannot withdraw.

    Raises:
        ProcedureError: not this participant's request, already decided, or
            the entry was called.
    """
    with chair_transaction(store, meeting_id, roles.REQUESTS) as (s, m):
        not_risen(m)
        p = participant_by_key(s, m, participant_key)
        request = s.get(FloorRequest, request_id)
        if request is None or request.participant_id != p.id or request.meeting_id != m.id:
            raise ProcedureError("There is no such request of yours.")
        item = _item_of(s, m, request.item_id)
        intervention_id = None
        if request.status == RequestStatus.PLACED:
            iv = s.get(Intervention, request.intervention_id) if request.intervention_id else None
            if iv is None or iv.status != WAITING:
                raise ProcedureError("This request can no longer be withdrawn: the speaker was called.")
            iv.status = InterventionStatus.WITHDREW
            intervention_id = iv.id
        elif request.status != RequestStatus.PENDING:
            raise ProcedureError(f"This request was already {request.status.value}.")
        request.status, request.decided_at = RequestStatus.WITHDRAWN, now
        return log(s, m, now, actor, "request_withdrawn",
                   f"{name_of(p)} withdrew its request for {KIND_LABELS[request.kind]} on item {item.number}",
                   item_id=item.id, intervention_id=intervention_id, request=request.id, participant=p.key)


def _pending(s: Session, m: Meeting, request_id: int) -> tuple[FloorRequest, Participant, AgendaItem]:
    request = s.get(FloorRequest, request_id)
    if request is None or request.meeting_id != m.id:
        raise ProcedureError("There is no such request.")
    if request.status != RequestStatus.PENDING:
        raise ProcedureError(f"That request was already {request.status.value}.")
    p = s.get(Participant, request.participant_id)
    assert p is not None
    return request, p, _item_of(s, m, request.item_id)


def accept_request(store: Store, meeting_id: str, now: datetime, request_id: int, actor: str = "chair") -> LogEntry:
    """The chair accepts a pending request: a place on the list is inscribed as
    :func:`models.procedure.speakers_list.inscribe` would inscribe it now (the
    chair's acceptance overrides a closed list, as the chair's override does);
    a right of reply joins the replies' queue; a point of order is raised now
    (the countdown pauses; COP rules of procedure, rule 44).

    Raises:
        ProcedureError: no such pending request; the participant is already
            on the list; a reply or point the rules refuse (too many replies,
            not entitled; decline it instead); a reply or point of order on an
            item no longer open.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        request, p, item = _pending(s, m, request_id)
        if request.kind == RequestKind.STATEMENT:
            if item.list_ended_at is not None:
                raise ProcedureError(f"The list of item {item.number} has ended; decline the request (D).")
            iv, summary, detail = place_on_list(s, m, item, p, now, why=" at its request",
                                                override=item.list_closed_at is not None)
            if iv is not None and detail.get("second_entry"):
                raise ProcedureError(f"{name_of(p)} is already on the list of item {item.number}; decline the request (D).")
            request.intervention_id = iv.id if iv else None
        else:
            if item.id != m.current_item_id:
                raise ProcedureError(f"Item {item.number} is no longer open; decline the request (D).")
            if request.kind == RequestKind.REPLY:
                iv, summary, detail = reply_placed(s, m, item, p, now)
                request.intervention_id = iv.id if iv else None
            else:
                in_session(m)
                point, summary, detail = point_raised(s, m, item, p, now, request.subject)
                iv = point
                request.point_id = point.id if point else None
        if iv is None:
            raise ProcedureError(f"{summary}; decline the request (D).")
        request.status, request.decided_at = RequestStatus.PLACED, now
        detail.pop("intervention_id", None)
        return log(s, m, now, actor, "request_accepted", summary, item_id=item.id,
                   intervention_id=request.intervention_id, request=request.id, kind=request.kind.value, **detail)


def decline_request(store: Store, meeting_id: str, now: datetime, request_id: int, reason: str = "",
                    actor: str = "chair") -> LogEntry:
    """The chair declines a pending request, with the reason the participant's
    page will show ("The list is closed", "Not on this item").

    Raises:
        ProcedureError: no such pending request, or a reason over :data:`MAX_TEXT` characters.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        request, p, item = _pending(s, m, request_id)
        request.status, request.decided_at, request.reason = RequestStatus.DECLINED, now, _text(reason, "reason")
        why = f": {request.reason}" if request.reason else ""
        return log(s, m, now, actor, "request_declined",
                   f"Request of {name_of(p)} for {KIND_LABELS[request.kind]} on item {item.number} declined{why}",
                   item_id=item.id, request=request.id, participant=p.key, kind=request.kind.value,
                   reason=request.reason)


def set_auto_accept(store: Store, meeting_id: str, now: datetime, on: bool = True, actor: str = "chair") -> LogEntry:
    """The chair has the current item's late requests for a place on the list
    accepted automatically (``on``) or brought to it again.

    Raises:
        ProcedureError: no item open, or already so.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        not_risen(m)
        item = current_item(s, m)
        if auto_accepted(m, item) == on:
            raise ProcedureError(f"Late requests on item {item.number} are already {'accepted automatically' if on else 'brought to the Chair'}.")
        requests = dict(m.settings.get("requests") or {})
        ids = [i for i in requests.get("auto_accept") or [] if i != item.id]
        requests["auto_accept"] = [*ids, item.id] if on else ids
        m.settings = {**m.settings, "requests": requests}
        how = "accepted automatically" if on else "brought to the Chair"
        return log(s, m, now, actor, "auto_accept_set", f"Late requests on item {item.number} {how}", on=on)


def check_in(store: Store, meeting_id: str, now: datetime, participant_key: str, actor: str = PARTICIPANT) -> LogEntry:
    """A participant checks in from its page ("connected"): it is recorded as
    present (online when it registered online or by video, else in person;
    its delegation with it, as ``attendance.mark_present`` does), so the chair
    calls those who are there and fewer calls fail.

    Raises:
        ProcedureError: no such participant, already checked in, or the record is final.
    """
    with chair_transaction(store, meeting_id, roles.REQUESTS) as (s, m):
        not_risen(m)
        if m.record_status == "final":
            raise ProcedureError("The record is final.")
        p = participant_by_key(s, m, participant_key)
        if p.checked_in_at is not None and p.attendance is not None:
            raise ProcedureError(f"{name_of(p)} is already checked in.")
        p.checked_in_at = now
        mode = registered_presence(p)  # online for a participant registered online or by video
        marked = arriving(s, p, mode, now)
        return log(s, m, now, actor, "checked_in", f"{name_of(p)} checked in ({label(mode)})",
                   participant=p.key, mode=mode, participants=marked)


def pending_requests(s: Session, meeting_id: str) -> list[FloorRequest]:
    """The meeting's requests waiting for the chair, oldest first."""
    return list(s.exec(select(FloorRequest).where(
        FloorRequest.meeting_id == meeting_id, FloorRequest.status == RequestStatus.PENDING,
    ).order_by(FloorRequest.requested_at, FloorRequest.id)))
