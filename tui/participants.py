"""Each participant's own page, served by ``floor serve`` (issue 12): plain
HTML from aiohttp handlers, no Textual process per participant.

Addresses (under :data:`PREFIX`, let through by ``tui.serve``'s token
middleware: the participant's own checks below replace the role tokens):

* ``GET /p/?t=TOKEN`` — the personal link (``floor links``): a small page
  with one button, "Open your page" (:func:`link_page`); a GET consumes
  nothing (mail gateways fetch the links of a message to scan them). A link
  withdrawn or used already gets ``410`` and a page that says so at once
  (unless this browser holds that participant's session: then its page);
  an unknown one ``403``.
* ``POST /p/`` — the button: the one-time token is exchanged
  (``participant_links.open_link``) for a session secret, kept by the
  browser in an HttpOnly, SameSite=Strict cookie named ``floor-p-<participant
  id>`` (path ``/p/``: a browser may hold the sessions of two participants, a
  delegation speaking for a group and nationally), then ``303`` to
  ``/p/<participant id>/``. The form is this server's own page, so the
  cookie is sent at the end of the redirect (one that began on another site,
  a webmail, would not send it).
* ``GET /p/<id>/`` — the page: the meeting (title, state, current item, who
  has the floor), each item with where the participant stands and its
  inscription deadline, and the forms (request the floor, withdraw, right of
  reply and point of order on the current item when the agenda allows them
  and the participant's category may, check in for an online participant;
  once the meeting rose, none of them and no current item).
* ``GET /p/<id>/status`` — the live part of the page alone: the page's
  little script fetches it every 2 s (paused while a text field holds focus
  or text; stopped, with a sentence, at a ``403``, ``410`` or ``429``);
  without JavaScript a reload does the same.
* ``POST /p/<id>/act`` — one action, then ``303`` back to the page, which
  shows the acknowledgement ("You are 4th on the list of item 2") or the
  refusal (a ``ProcedureError``'s text; never a traceback).

Security: a session acts only for its participant (the id in the address
must be the session's); a wrong token or session costs one lookup by hash
and counts as a failure of its address (``tui.throttle``: slowed, then
refused); a POST needs the session cookie (SameSite=Strict) and, when the
browser sends ``Origin`` or ``Referer``, this server's host (``tui.origin``);
a revoked link's session is refused at its next action, and at its next read
once the meeting's lists are read again (at most :data:`REFRESH_S` later),
with ``410`` ("withdrawn"), which is not counted as a failure: it is no guess,
and a forgotten open tab must not lock its address out.

Load: reads come from one in-memory copy of the meeting's lists
(:class:`Lists`), read again at most every :data:`REFRESH_S` seconds and only
when the procedural log moved; a page costs no query. Writes run in threads
(``asyncio.to_thread``), never on the event loop. Each form carries a
``request_key`` that is the same until the participant's request of that kind
on that item is recorded (kind, item, count of its earlier such requests), so
a double click, a resent form or a second tab is one request.
"""

from __future__ import annotations

import asyncio
import html
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web
from sqlmodel import select

from models.categories import label
from models.procedure.common import ProcedureError, RoleRefused, name_of
from models.procedure.floor_requests import (
    KIND_LABELS,
    allows,
    check_in,
    request_floor,
    withdraw_request,
)
from models.procedure.participant_links import digest, open_link, session_participant
from models.rolling_list import ListedItem, RollingList, entry_name, refreshed, rolling_list
from models.state import changed_rows, roster_changed
from models.store import Store, StoreError
from models.tables import (
    AgendaItem,
    FloorRequest,
    InterventionKind,
    InterventionStatus,
    LogEntry,
    Meeting,
    MeetingState,
    Participant,
    ParticipantLink,
    RequestKind,
    RequestStatus,
)
from models.unstyle import full_stop, un_date, un_time
from tui.origin import same_host
from tui.throttle import TOO_MANY, Throttle

#: Where participants' pages are served.
PREFIX = "/p/"
#: Seconds between two readings of the meeting's lists, at most (a page is at most this old).
REFRESH_S = 0.5
#: Seconds between two fetches of the live part by the page's script.
LIVE_S = 2.0
#: Days a browser keeps a participant's session cookie.
COOKIE_DAYS = 31


def cookie_name(participant_id: int) -> str:
    """The name of the cookie holding participant ``participant_id``'s session."""
    return f"floor-p-{participant_id}"


# --------------------------------------------------------------------------- the meeting's lists, in memory


@dataclass(frozen=True)
class Standing:
    """One list entry of a participant: its intervention id, kind, status and,
    while waiting, its place (1-based) in the order of calling (statements,
    then rights of reply: ``models.rolling_list``)."""

    id: int
    kind: InterventionKind
    status: InterventionStatus
    place: int | None


@dataclass
class Lists:
    """What every participant's page shows (plain objects, shared by all pages).

    ``rolling``: every item's list (``models.rolling_list``), its ``log_id``
    the change marker. ``meeting``: the meeting's row (state, settings).
    ``by_item``: item id → participant id → its entries, oldest first
    (:meth:`entries_of`; ``standings`` is the same by participant).
    ``requests``: request id → the participants' requests. ``earlier``: the
    lists these bring up to date, whose items' entries are taken as they are
    where the rolling list kept an item's list (a chair's action re-reads one
    list, not the meeting's 10,000 entries).
    ``links_log_id``: the newest log row that issued or revoked links (a
    session checked before it is checked again). ``dealt_with``: ids of the
    items ended (no request on them unless the chair goes back to one).
    """

    rolling: RollingList
    meeting: Meeting
    participants: dict[int, Participant]
    requests: dict[int, FloorRequest]
    links_log_id: int = 0
    dealt_with: frozenset[int] = frozenset()
    earlier: InitVar[Lists | None] = None
    ids_by_key: dict[str, int] = field(init=False)
    by_item: dict[int, dict[int, list[Standing]]] = field(init=False)
    mine: dict[int, list[FloorRequest]] = field(init=False)

    def __post_init__(self, earlier: Lists | None) -> None:
        self.ids_by_key = {p.key: pid for pid, p in self.participants.items()}
        old = {it.id: it for it in earlier.rolling.items} if earlier is not None else {}
        self.by_item = {}
        for it in self.rolling.items:
            was = old.get(it.id)
            if was is not None and earlier is not None and _same_list(was, it):
                self.by_item[it.id] = earlier.by_item[it.id]
                continue
            mine: dict[int, list[Standing]] = {}
            for e in it.entries:
                mine.setdefault(e.participant_id, []).append(Standing(
                    e.intervention_id, InterventionKind(e.kind), InterventionStatus(e.status), e.place))
            for entries in mine.values():
                entries.sort(key=lambda e: e.id)
            self.by_item[it.id] = mine
        self.mine = {}
        for r in sorted(self.requests.values(), key=lambda r: r.id or 0):
            self.mine.setdefault(r.participant_id, []).append(r)

    def entries_of(self, pid: int, item_id: int) -> list[Standing]:
        """Participant ``pid``'s entries on item ``item_id``, oldest first."""
        return self.by_item.get(item_id, {}).get(pid, [])

    @property
    def standings(self) -> dict[int, dict[int, list[Standing]]]:
        """Participant id → item id → its entries, oldest first (built on each call)."""
        out: dict[int, dict[int, list[Standing]]] = {}
        for item_id, per in self.by_item.items():
            for pid, entries in per.items():
                out.setdefault(pid, {})[item_id] = entries
        return out

    @property
    def log_id(self) -> int:
        """The newest procedural-log row these lists reflect."""
        return self.rolling.log_id

    @property
    def items(self) -> list[ListedItem]:
        """The agenda's items with their lists, in agenda order."""
        return self.rolling.items

    def item(self, item_id: int | None) -> ListedItem | None:
        """The item with this id, or None."""
        return self.rolling.item(item_id) if item_id is not None else None


def _same_list(was: ListedItem, now: ListedItem) -> bool:
    """True when the rolling list kept ``was``'s list as it was for ``now``
    (``models.rolling_list.refreshed`` re-orders only the lists it touched)."""
    return (was.speaking is now.speaking and was.waiting is now.waiting and was.heard is now.heard
            and was.not_reached is now.not_reached)


def _meeting(s, meeting_id: str) -> Meeting:
    m = s.get(Meeting, meeting_id)
    if m is None:
        raise KeyError(meeting_id)
    return m


def _dealt_with(s, meeting_id: str) -> frozenset[int]:
    return frozenset(s.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id,
                                                        AgendaItem.ended_at != None)))  # noqa: E711


def _roster(s, meeting_id: str) -> dict[int, Participant]:
    return {p.id: p for p in s.exec(select(Participant).where(Participant.meeting_id == meeting_id))}


def read_lists(store: Store, meeting_id: str) -> Lists:
    """Read the meeting's lists (``models.rolling_list.rolling_list``), its
    row, its participants and their requests.

    Raises:
        KeyError: no such meeting. StoreError / SQLAlchemy errors: the database cannot be read.
    """
    rolling = rolling_list(store, meeting_id)
    with store.read() as s:
        requests = {r.id: r for r in s.exec(select(FloorRequest).where(FloorRequest.meeting_id == meeting_id))}
        return Lists(rolling, _meeting(s, meeting_id), _roster(s, meeting_id), requests, links_log_id=rolling.log_id,
                     dealt_with=_dealt_with(s, meeting_id))


#: Log actions after which every browser session is checked again.
LINK_ACTIONS = ("link_revoked", "links_issued")


def refreshed_lists(store: Store, previous: Lists) -> Lists:
    """``previous`` itself when the meeting's procedural log has not moved
    (``models.rolling_list.refreshed``: one indexed query); else the lists
    brought up to date, the meeting's row read again, and of the roster and
    the requests only the rows the new log rows wrote (all of them when
    that is not known)."""
    rolling = refreshed(store, previous.rolling)
    if rolling is previous.rolling:
        return previous
    meeting_id = rolling.meeting_id
    with store.read() as s:
        new_rows = list(s.exec(select(LogEntry).where(
            LogEntry.meeting_id == meeting_id, LogEntry.id > previous.log_id, LogEntry.id <= rolling.log_id)))
        written: dict[str, set[Any]] | None = {}
        for entry in new_rows:
            rows = changed_rows(entry)
            if rows is None or roster_changed(entry):
                written = None
                break
            for table, key in rows:
                written.setdefault(table, set()).add(key)
        participants, requests = previous.participants, previous.requests
        if written is None:
            participants = _roster(s, meeting_id)
        elif written.get(Participant.__tablename__):  # attendance implied by the floor, a check-in: those rows only
            ids = written[Participant.__tablename__]
            participants = {**participants, **{p.id: p for p in s.exec(select(Participant).where(
                Participant.id.in_(ids), Participant.meeting_id == meeting_id))}}  # type: ignore[attr-defined]
        if written is None:
            requests = {r.id: r for r in s.exec(select(FloorRequest).where(FloorRequest.meeting_id == meeting_id))}
        elif written.get(FloorRequest.__tablename__):
            ids = written[FloorRequest.__tablename__]
            requests = {i: r for i, r in requests.items() if i not in ids}
            requests.update({r.id: r for r in s.exec(select(FloorRequest).where(FloorRequest.id.in_(ids)))})  # type: ignore[attr-defined]
        links = max([previous.links_log_id] + [e.id for e in new_rows if e.action in LINK_ACTIONS])
        return Lists(rolling, _meeting(s, meeting_id), participants, requests, links_log_id=links,
                     dealt_with=_dealt_with(s, meeting_id), earlier=previous)


class Following:
    """The meeting's lists as every page reads them: one copy in memory, read
    again (in a thread) at most every ``every_s`` seconds, by one reader at a
    time however many pages ask. ``clock``: monotonic seconds (injected)."""

    def __init__(self, store: Store, meeting_id: str, every_s: float = REFRESH_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store, self.meeting_id, self.every_s, self.clock = store, meeting_id, every_s, clock
        self.lists: Lists | None = None
        self.read_at = float("-inf")
        self._lock = asyncio.Lock()

    def _fresh(self, at_least: int) -> bool:
        return (self.lists is not None and self.lists.log_id >= at_least
                and self.clock() - self.read_at < self.every_s)

    async def get(self, at_least: int = 0) -> Lists:
        """The lists, at most ``every_s`` old and holding at least log row
        ``at_least`` (a write just made: waits for the next reading).

        Raises:
            KeyError, StoreError: as :func:`read_lists`.
        """
        if self._fresh(at_least):
            assert self.lists is not None
            return self.lists
        async with self._lock:
            for _attempt in range(2):
                if self._fresh(at_least):
                    break
                wait = self.read_at + self.every_s - self.clock()
                if wait > 0 and self.lists is not None:
                    if self.lists.log_id >= at_least:
                        break
                    await asyncio.sleep(wait)
                previous = self.lists
                if previous is None:
                    self.lists = await asyncio.to_thread(read_lists, self.store, self.meeting_id)
                else:
                    self.lists = await asyncio.to_thread(refreshed_lists, self.store, previous)
                self.read_at = self.clock()
            assert self.lists is not None
            return self.lists


# --------------------------------------------------------------------------- what the page says


def ordinal(n: int) -> str:
    """1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def form_key(kind: RequestKind, item_id: int, lists: Lists, pid: int) -> str:
    """The ``request_key`` of a request form: the same until this
    participant's request of ``kind`` on the item is recorded."""
    earlier = sum(1 for r in lists.mine.get(pid, []) if r.item_id == item_id and r.kind == kind)
    return f"{kind.value}-{item_id}-{earlier + 1}"


_STATE_TEXT = {
    MeetingState.SCHEDULED: "The meeting has not been called to order yet.",
    MeetingState.IN_SESSION: "The meeting is in session.",
    MeetingState.SUSPENDED: "The meeting is suspended.",
    MeetingState.ROSE: "The meeting has risen.",
}

_DONE_TEXT = {
    InterventionStatus.SPOKE: "You spoke on this item.",
    InterventionStatus.WITHDREW: "You withdrew from the list.",
    InterventionStatus.NOT_PRESENT: "You were called and were not present.",
    InterventionStatus.NOT_REACHED: "The list ended before your turn (not reached).",
}


def _at(instant: datetime, tz: str) -> str:
    return f"{un_time(instant, tz)}, {un_date(instant, tz)}"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _latest(requests: list[FloorRequest], item_id: int, kind: RequestKind) -> FloorRequest | None:
    return next((r for r in reversed(requests) if r.item_id == item_id and r.kind == kind), None)


@dataclass
class View:
    """One participant's page, worked out from :class:`Lists` at ``now``."""

    lists: Lists
    pid: int
    now: datetime

    @property
    def me(self) -> Participant:
        """The participant whose page this is."""
        return self.lists.participants[self.pid]

    def entries(self, item_id: int, kind: InterventionKind = InterventionKind.STATEMENT) -> list[Standing]:
        """This participant's entries of ``kind`` on an item, oldest first."""
        return [e for e in self.lists.entries_of(self.pid, item_id) if e.kind == kind]

    def live_entry(self, item_id: int, kind: InterventionKind = InterventionKind.STATEMENT) -> Standing | None:
        """Its entry still waiting or speaking, if any."""
        return next((e for e in self.entries(item_id, kind)
                     if e.status in (InterventionStatus.WAITING, InterventionStatus.SPEAKING)), None)

    def is_next(self) -> bool:
        """True when it heads the current item's list (place 1, waiting)."""
        current = self.lists.meeting.current_item_id
        entry = self.live_entry(current) if current is not None else None
        return entry is not None and entry.place == 1

    def dealt_with(self, item: ListedItem) -> bool:
        """Whether ``item`` was dealt with (ended, and not the current item)."""
        return item.id in self.lists.dealt_with and item.id != self.lists.meeting.current_item_id

    def standing(self, item: ListedItem) -> str:
        """Where the participant stands on ``item``'s list, in a sentence."""
        live = self.live_entry(item.id)
        if live is not None and live.status == InterventionStatus.SPEAKING:
            return "You have the floor."
        if live is not None and self.dealt_with(item):
            return "The item was closed with you still on the list (not reached unless the Chair returns to it)."
        if live is not None:
            current = item.id == self.lists.meeting.current_item_id
            if live.place == 1 and current:
                return "You are next: 1st on the list."
            return f"You are {ordinal(live.place or 0)} on the list."
        request = _latest(self.lists.mine.get(self.pid, []), item.id, RequestKind.STATEMENT)
        if request is not None and request.status == RequestStatus.PENDING:
            return "Your request is pending with the Chair" + (" (late request)." if request.late else ".")
        entries = self.entries(item.id)
        spoke = any(e.status == InterventionStatus.SPOKE for e in entries)
        if request is not None and request.status == RequestStatus.DECLINED and not spoke:
            return "The Chair declined your request" + (f": {request.reason}" if request.reason else ".")
        if entries:
            return _DONE_TEXT.get(InterventionStatus.SPOKE if spoke else entries[-1].status, "")
        return "You are not on the list."

    def other_requests(self, item: ListedItem) -> list[str]:
        """Sentences on its right of reply and point of order on ``item``."""
        said = []
        requests = self.lists.mine.get(self.pid, [])
        reply = self.live_entry(item.id, InterventionKind.REPLY)
        if reply is not None:
            said.append("You have the floor for your right of reply." if reply.status == InterventionStatus.SPEAKING
                        else f"Right of reply: you are {ordinal(reply.place or 0)} in the order of calling.")
        for kind in (RequestKind.REPLY, RequestKind.POINT_OF_ORDER):
            r = _latest(requests, item.id, kind)
            if r is None or (kind == RequestKind.REPLY and reply is not None):
                continue
            what = KIND_LABELS[kind].capitalize()
            if r.status == RequestStatus.PENDING:
                said.append(f"{what}: pending with the Chair.")
            elif r.status == RequestStatus.DECLINED:
                said.append(f"{what}: declined" + (f": {r.reason}" if r.reason else "."))
            elif r.status == RequestStatus.PLACED and kind == RequestKind.POINT_OF_ORDER:
                said.append("Your point of order was taken up by the Chair.")
        return said

    def deadline_text(self, item: ListedItem) -> str:
        """What happens to a request on ``item`` now, and until when."""
        m = self.lists.meeting
        if item.list_state == "ended":
            return "The list of speakers has ended."
        if m.state == MeetingState.ROSE:
            return "The meeting has risen: no more requests."
        if self.dealt_with(item):
            return "This item has been dealt with."
        if item.list_state == "closed":
            return "The list is closed: a request goes to the Chair."
        deadline = item.deadline  # floor_requests.inscription_deadline
        if (m.state == MeetingState.SCHEDULED) if deadline is None else self.now < deadline:  # placed_at_once
            if deadline is None:
                return "A request is placed on the list at once until the meeting is called to order."
            return f"A request is placed on the list at once until {_at(deadline, m.timezone)}."
        after = f"The deadline passed ({_at(deadline, m.timezone)})" if deadline else "The meeting has started"
        if item.auto_accept:
            return f"{after}: late requests are accepted automatically."
        return f"{after}: a request goes to the Chair."

    def pending_withdrawable(self, item: ListedItem) -> list[FloorRequest]:
        """Its requests on ``item`` it may still withdraw (pending, or placed
        and not yet called); none once the item was dealt with or the meeting rose."""
        if self.dealt_with(item) or self.lists.meeting.state == MeetingState.ROSE:
            return []
        out = []
        for r in self.lists.mine.get(self.pid, []):
            if r.item_id != item.id:
                continue
            if r.status == RequestStatus.PENDING:
                out.append(r)
            elif r.status == RequestStatus.PLACED and r.intervention_id is not None:
                entry = next((e for e in self.lists.entries_of(self.pid, item.id)
                              if e.id == r.intervention_id), None)
                if entry is not None and entry.status == InterventionStatus.WAITING:
                    out.append(r)
        return out

    def entitled(self, kind: RequestKind) -> bool:
        """Whether its category may ask for ``kind`` (a right of reply:
        ``right_of_reply.by``; a point of order: ``point_of_order_by``; an
        empty list: every category), as ``floor_requests.request_floor`` rules."""
        m = self.lists.meeting
        if kind == RequestKind.POINT_OF_ORDER:
            allowed = m.settings.get("point_of_order_by") or []
        elif kind == RequestKind.REPLY:
            allowed = (m.settings.get("right_of_reply") or {}).get("by") or []
        else:
            return True
        return not allowed or self.me.category in allowed

    def may_request(self, item: ListedItem) -> bool:
        """Whether the page offers "request the floor" on ``item``."""
        if item.list_state == "ended" or self.lists.meeting.state == MeetingState.ROSE or self.dealt_with(item):
            return False
        if any(e.status in (InterventionStatus.WAITING, InterventionStatus.SPEAKING, InterventionStatus.SPOKE)
               for e in self.entries(item.id)):
            return False
        r = _latest(self.lists.mine.get(self.pid, []), item.id, RequestKind.STATEMENT)
        return r is None or r.status != RequestStatus.PENDING


def _hidden(name: str, value: Any) -> str:
    return f'<input type="hidden" name="{name}" value="{_e(value)}">'


def _form(pid: int, action: str, button: str, button_id: str, fields: dict[str, Any], extra: str = "",
          css: str = "") -> str:
    hidden = "".join(_hidden(k, v) for k, v in {"action": action, **fields}.items())
    cls = f' class="{css}"' if css else ""
    return (f'<form method="post" action="{PREFIX}{pid}/act">{hidden}{extra}'
            f'<button type="submit" id="{button_id}"{cls}>{_e(button)}</button></form>')


def render_live(view: View) -> str:
    """The live part of the page (HTML): the meeting now, then each item."""
    lists, m, me, pid = view.lists, view.lists.meeting, view.me, view.pid
    tz = m.timezone
    current = lists.item(m.current_item_id) if m.current_item_id is not None else None
    out = ['<section aria-labelledby="now-h"><h2 id="now-h">Now</h2>', f"<p>{_e(_STATE_TEXT.get(m.state, ''))}</p>"]
    if current is not None and m.state != MeetingState.ROSE:
        out.append(f"<p>Item being discussed: <strong>{_e(current.number)}. {_e(current.title)}</strong></p>")
        speaker = current.speaking
        if speaker is not None and speaker.participant_id == pid:
            out.append('<p class="you"><strong>You have the floor.</strong></p>')
        elif speaker is not None:
            out.append(f"<p>Has the floor: <strong>{_e(entry_name(speaker))}</strong></p>")
        else:
            out.append("<p>Nobody has the floor.</p>")
        if view.is_next():
            out.append(f'<p class="you"><strong>You are next</strong> on item {_e(current.number)}.</p>')
    if me.mode in ("online", "video"):
        if me.checked_in_at is not None:
            out.append(f"<p>{_e(full_stop(f'You checked in (connected) at {un_time(me.checked_in_at, tz)}'))}</p>")
        elif m.state != MeetingState.ROSE:
            out.append(_form(pid, "check_in", "Check in: I am connected", "b-check-in", {}))
    out.append("</section>")
    out.append('<section aria-labelledby="items-h"><h2 id="items-h">Items</h2>')
    for item in lists.items:
        now_here = item.id == m.current_item_id
        title = f"Item {item.number}. {item.title}"
        out.append(f'<section class="item{" current" if now_here else ""}" id="item-{item.id}" '
                   f'aria-labelledby="item-{item.id}-h"><h3 id="item-{item.id}-h">{_e(title)}'
                   f'{" <small>(now)</small>" if now_here else ""}</h3>')
        out.append(f'<p class="stand">{_e(view.standing(item))}</p>')
        out.extend(f'<p class="stand">{_e(text)}</p>' for text in view.other_requests(item))
        out.append(f'<p class="rule">{_e(view.deadline_text(item))}</p>')
        if view.may_request(item):
            key = form_key(RequestKind.STATEMENT, item.id, lists, pid)
            out.append(_form(pid, "request", f"Request the floor on item {item.number}", f"b-{item.id}-statement",
                             {"item": item.id, "kind": RequestKind.STATEMENT.value, "key": key}))
        for r in view.pending_withdrawable(item):
            out.append(_form(pid, "withdraw", f"Withdraw my request for {KIND_LABELS[r.kind]}", f"b-{item.id}-w{r.id}",
                             {"request": r.id}, css="secondary"))
        if now_here and m.state == MeetingState.IN_SESSION:
            mine = lists.mine.get(pid, [])
            pending = {r.kind for r in mine if r.item_id == item.id and r.status == RequestStatus.PENDING}
            if allows(m, RequestKind.REPLY) and view.entitled(RequestKind.REPLY) and RequestKind.REPLY not in pending \
                    and view.live_entry(item.id, InterventionKind.REPLY) is None:
                out.append(_form(pid, "request", "Ask for the right of reply", f"b-{item.id}-reply",
                                 {"item": item.id, "kind": RequestKind.REPLY.value,
                                  "key": form_key(RequestKind.REPLY, item.id, lists, pid)}))
            if allows(m, RequestKind.POINT_OF_ORDER) and view.entitled(RequestKind.POINT_OF_ORDER) \
                    and RequestKind.POINT_OF_ORDER not in pending:
                field_id = f"subject-{item.id}"
                extra = (f'<label for="{field_id}">Subject of your point of order</label>'
                         f'<input type="text" id="{field_id}" name="subject" maxlength="500" autocomplete="off">')
                out.append(_form(pid, "request", "Raise a point of order", f"b-{item.id}-point",
                                 {"item": item.id, "kind": RequestKind.POINT_OF_ORDER.value,
                                  "key": form_key(RequestKind.POINT_OF_ORDER, item.id, lists, pid)}, extra=extra))
        out.append("</section>")
    out.append("</section>")
    return "".join(out)


_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#fff}
main{max-width:40rem;margin:0 auto;padding:0.75rem}
h1{font-size:1.3rem;margin:0.25rem 0}
h2{font-size:1.15rem;margin:1rem 0 0.5rem;border-bottom:2px solid #333}
h3{font-size:1.05rem;margin:0 0 0.25rem}
.who{margin:0 0 0.5rem;color:#333}
.item{border:1px solid #767676;border-radius:6px;padding:0.6rem;margin:0 0 0.75rem}
.item.current{border:3px solid #0b4f8a}
.stand{font-weight:600;margin:0.25rem 0}
.rule{color:#333;margin:0.25rem 0;font-size:0.95rem}
.you{background:#fff3c4;padding:0.4rem;border-left:4px solid #8a5a00}
form{margin:0.5rem 0}
label{display:block;margin:0.25rem 0}
input[type=text]{width:100%;font:inherit;padding:0.5rem;border:1px solid #555;border-radius:4px}
button{font:inherit;min-height:44px;width:100%;padding:0.5rem 0.75rem;border:0;border-radius:6px;
 background:#0b4f8a;color:#fff;cursor:pointer;margin-top:0.25rem}
button.secondary{background:#fff;color:#0b4f8a;border:2px solid #0b4f8a}
button:disabled{opacity:0.6}
:focus-visible{outline:3px solid #b3541e;outline-offset:2px}
.ack{background:#e5f4e8;border-left:4px solid #1b6b2a;padding:0.5rem}
.error{background:#fde8e8;border-left:4px solid #a11;padding:0.5rem}
.small{font-size:0.9rem;color:#333}
"""

_SCRIPT = """
(function(){
var live=document.getElementById('live');if(!live||!window.fetch)return;
var url=live.getAttribute('data-src'),last=null,note=document.getElementById('live-note');
var stops={403:'This page no longer acts for you: open your personal link again or ask the secretariat.',
410:'This link was withdrawn by the secretariat; ask the secretariat for a new one.',
429:'Too many failed attempts from this address: this page stopped updating. Reload it in a few minutes.'};
function busy(){var a=document.activeElement;
if(a&&(a.tagName==='TEXTAREA'||(a.tagName==='INPUT'&&a.type==='text')))return true;
var f=live.querySelectorAll('input[type=text]');for(var i=0;i<f.length;i++){if(f[i].value)return true;}return false;}
function later(){setTimeout(tick,%d);}
function tick(){if(document.hidden||busy()){later();return;}
fetch(url,{credentials:'same-origin',cache:'no-store'}).then(function(r){
if(r.status===200)return r.text();
if(stops[r.status]){note.textContent=stops[r.status];live.setAttribute('data-stopped',String(r.status));}
return null;}).then(function(t){if(live.getAttribute('data-stopped'))return;later();
if(t===null||t===last||busy())return;
var f=document.activeElement,id=f&&live.contains(f)?f.id:null;
live.innerHTML=t;last=t;if(id){var g=document.getElementById(id);if(g)g.focus();}})
.catch(function(){if(!live.getAttribute('data-stopped'))later();});}
later();
document.addEventListener('submit',function(ev){var b=ev.target.querySelector('button');
if(b)setTimeout(function(){b.disabled=true;},0);});
})();
""" % int(LIVE_S * 1000)


def render_page(view: View, flash: list[tuple[str, bool]], nonce: str) -> str:
    """The participant's whole page (HTML5), with ``flash``: (text, is error) lines shown once."""
    m, me, pid = view.lists.meeting, view.me, view.pid
    who = name_of(me) + (f" — {me.speaker}" if me.speaker else "") + f" ({label(me.category)})"
    said = "".join(f'<p class="{"error" if error else "ack"}" role="{"alert" if error else "status"}">{_e(text)}</p>'
                   for text, error in flash)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(m.title)} — {_e(name_of(me))}</title><style nonce=\"{nonce}\">{_STYLE}</style></head>"
        f'<body><main><header><h1>{_e(m.title)}</h1><p class="who">Your page: {_e(who)}</p></header>'
        f"{said}"
        f'<div id="live" data-src="{PREFIX}{pid}/status">{render_live(view)}</div>'
        f'<p id="live-note" class="small" role="status"></p>'
        f'<p class="small">This page updates itself every {int(LIVE_S)} seconds; '
        f'<a href="{PREFIX}{pid}/">reload it</a> if it does not. Keep your link private: it acts for you.</p>'
        f'</main><script nonce="{nonce}">{_SCRIPT}</script></body></html>'
    )


def message_page(title: str, text: str, status: int, headers: dict[str, str] | None = None,
                 back: str | None = None) -> web.Response:
    """A small page that says one thing (a refusal, an error, a link used
    already), with a link ``back`` to the participant's page when given."""
    nonce = secrets.token_urlsafe(12)
    link = f'<p><a href="{_e(back)}">Back to your page</a></p>' if back else ""
    body = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style nonce=\"{nonce}\">{_STYLE}</style></head>"
            f"<body><main><h1>{_e(title)}</h1><p>{_e(text)}</p>{link}</main></body></html>")
    return web.Response(text=body, status=status, content_type="text/html", headers=_headers(nonce, headers))


def link_page(meeting_title: str, token: str) -> web.Response:
    """What a personal link shows: one button whose form (``POST /p/``, the
    token in a hidden field) opens the page. A GET consumes nothing, so a
    mail gateway that fetches the links of a message (to scan them) does not
    use them up."""
    nonce = secrets.token_urlsafe(12)
    title = f"Floor — {meeting_title}"
    body = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}: open your page</title><style nonce=\"{nonce}\">{_STYLE}</style></head>"
            f"<body><main><h1>{_e(title)}</h1><p>This is your personal link. Open your page in this browser; "
            "it stays open here afterwards (the link itself works once).</p>"
            f'<form method="post" action="{PREFIX}">{_hidden("t", token)}'
            '<button type="submit" id="b-open">Open your page</button></form>'
            f'</main><script nonce="{nonce}">document.addEventListener(\'submit\',function(ev){{'
            "var b=ev.target.querySelector('button');if(b)setTimeout(function(){b.disabled=true;},0);});"
            "</script></body></html>")
    return web.Response(text=body, content_type="text/html", headers=_headers(nonce))


def _headers(nonce: str, more: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "Content-Security-Policy": (f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
                                    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        "Cache-Control": "no-store",
        "Referrer-Policy": "same-origin",  # "no-referrer" would make the browser send "Origin: null" with a form
        "X-Content-Type-Options": "nosniff",
        **(more or {}),
    }


# --------------------------------------------------------------------------- the handlers


def acknowledgement(entry: LogEntry, item: ListedItem | None) -> str:
    """What the page says after a request: "You are 4th on the list of item 2"."""
    number = item.number if item is not None else "?"
    detail = entry.detail or {}
    if entry.action in ("request_placed", "request_accepted") and detail.get("place"):
        late = " (late request, accepted automatically)" if detail.get("late") else ""
        return f"You are {ordinal(int(detail['place']))} on the list of item {number}{late}."
    if entry.action == "floor_requested":
        kind = RequestKind(detail.get("kind", "statement"))
        why = " The inscription deadline has passed." if detail.get("late") else ""
        why += " The list is closed." if detail.get("list_closed") else ""
        return (f"Your request for {KIND_LABELS[kind]} on item {number} is with the Chair.{why} "
                "This page shows the Chair's answer.")
    return entry.summary


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers=_headers(secrets.token_urlsafe(12), {"Location": location}))


class Refused(Exception):
    """A request this page must not serve: its answer is ``response``."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def _withdrawn() -> Refused:
    return Refused(message_page(
        "This link was withdrawn",
        "This link was withdrawn by the secretariat; ask the secretariat for a new one.", 410))


def _forbidden() -> Refused:
    return Refused(message_page(
        "This page opens from your personal link",
        "Open the personal link the secretariat sent you, in this browser. If it no longer works, ask the "
        "secretariat for a new one.", 403))


class ParticipantPages:
    """The participants' pages of one meeting (see the module's doc).

    ``store``: a Store acting as ``Role.PARTICIPANT``; ``clock``: ``.now()``
    aware UTC (the meeting's clock); ``throttle``: failures per address,
    shared with the role tokens; ``monotonic``: seconds, for the lists' age.
    """

    def __init__(self, store: Store, meeting_id: str, clock: Any, throttle: Throttle | None = None,
                 refresh_s: float = REFRESH_S, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.store, self.meeting_id, self.clock = store, meeting_id, clock
        self.throttle = throttle or Throttle()
        self.following = Following(store, meeting_id, refresh_s, monotonic)
        #: session digest → (participant key, log id of the lists it was checked against)
        self._sessions: dict[str, tuple[str, int]] = {}
        #: digests of sessions whose link was revoked (answered 410, not counted as failures)
        self._withdrawn: set[str] = set()
        #: participant id → (lines to show once, log id the page must show at least)
        self._flash: dict[int, tuple[list[tuple[str, bool]], int]] = {}

    def sub_application(self) -> web.Application:
        """The aiohttp application to mount at ``/p`` (``app.add_subapp("/p", …)``)."""
        app = web.Application(middlewares=[self._errors])
        app.add_routes([
            web.get("/", self.handle_link),
            web.post("/", self.handle_open),
            web.get("/{pid}", self.handle_slashless),
            web.get("/{pid}/", self.handle_page),
            web.get("/{pid}/status", self.handle_status),
            web.post("/{pid}/act", self.handle_act),
        ])
        return app

    @web.middleware
    async def _errors(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        try:
            return await handler(request)
        except Refused as refused:
            return refused.response
        except web.HTTPException:
            raise
        except StoreError as exc:
            return message_page("The meeting cannot be read just now",
                                f"{exc.message} Try again in a moment.", 503)
        except Exception as exc:  # every other fault: said, never a traceback
            print(f"floor serve: participant page fault: {type(exc).__name__}: {exc}", file=sys.stderr)
            return message_page("Something went wrong", "The page could not be shown. Reload it in a moment; "
                                "if it keeps failing, tell the secretariat.", 500)

    # ---------------------------------------------------------------- who is asking

    def _not_blocked(self, request: web.Request) -> None:
        if self.throttle.blocked(request.remote):
            raise Refused(web.Response(text=TOO_MANY, status=429, headers={"Retry-After": "600"}))

    async def _fail(self, request: web.Request, refused: Refused) -> Refused:
        await self.throttle.failed(request.remote)
        return refused

    def _pid(self, request: web.Request) -> int:
        try:
            return int(request.match_info["pid"])
        except ValueError:
            raise web.HTTPNotFound() from None

    def _revoked_session(self, wanted: str) -> bool:
        """True when ``wanted`` is the digest of a session of this meeting
        whose link was revoked (one indexed lookup by hash)."""
        with self.store.read() as s:
            row = s.exec(select(ParticipantLink.meeting_id, ParticipantLink.revoked_at)
                         .where(ParticipantLink.session_sha256 == wanted)).first()
        return row is not None and row[0] == self.meeting_id and row[1] is not None

    async def _no_session(self, request: web.Request, wanted: str) -> Refused:
        """The answer to a session that acts for nobody: a revoked link's
        session gets ``410`` (withdrawn; not a guess, so not counted: one
        open tab of a withdrawn link must not lock its address out); an
        unknown one ``403``, a failure counted."""
        if wanted in self._withdrawn or await asyncio.to_thread(self._revoked_session, wanted):
            if len(self._withdrawn) > 20_000:
                self._withdrawn.clear()
            self._withdrawn.add(wanted)
            return _withdrawn()
        return await self._fail(request, _forbidden())

    async def _session(self, request: web.Request, pid: int, lists: Lists) -> str:
        """The session secret of participant ``pid`` this request carries,
        checked against the database unless it was since the last link
        issued or revoked. Raises :class:`Refused` otherwise: ``410`` for a
        revoked link's session, else ``403`` (a failure counted)."""
        self._not_blocked(request)
        secret = request.cookies.get(cookie_name(pid))
        if not secret:
            raise _forbidden()
        wanted = digest(secret)
        if wanted in self._withdrawn:
            raise _withdrawn()
        known = self._sessions.get(wanted)
        if known is None or known[1] < lists.links_log_id:
            key = await asyncio.to_thread(session_participant, self.store, self.meeting_id, secret)
            if key is None:
                self._sessions.pop(wanted, None)
                raise await self._no_session(request, wanted)
            if len(self._sessions) > 20_000:
                self._sessions.clear()
            known = self._sessions[wanted] = (key, lists.log_id)
        if lists.ids_by_key.get(known[0]) != pid:  # another participant's session under this one's name
            raise await self._fail(request, _forbidden())
        return secret

    # ---------------------------------------------------------------- handlers

    def _link(self, token: str) -> tuple[int, bool, bool] | None:
        """The link whose token is ``token``: (participant id, used, revoked),
        or None (unknown, or another meeting's). One indexed lookup by hash;
        consumes nothing."""
        with self.store.read() as s:
            link = s.exec(select(ParticipantLink).where(ParticipantLink.token_sha256 == digest(token))).first()
            if link is None or link.meeting_id != self.meeting_id:
                return None
            return link.participant_id, link.used_at is not None, link.revoked_at is not None

    async def _holds_session(self, request: web.Request, pid: int) -> bool:
        """True when this browser holds a live session of participant ``pid``."""
        secret = request.cookies.get(cookie_name(pid))
        if not secret:
            return False
        key = await asyncio.to_thread(session_participant, self.store, self.meeting_id, secret)
        return key is not None and (await self.following.get()).ids_by_key.get(key) == pid

    async def _spent(self, request: web.Request, token: str, opening: bool) -> Refused | None:
        """The answer to a link that cannot be opened now, or None when it can
        (then ``opening``: it is being opened; else its button is shown):
        this browser's page when it holds that participant's session (used
        or not, the link is not needed); withdrawn or already used:
        ``410`` (not counted: no guess); unknown: ``403``, a failure counted."""
        found = await asyncio.to_thread(self._link, token)
        if found is None:
            return await self._fail(request, _forbidden())
        pid, used, revoked = found
        if revoked:
            return _withdrawn()
        if (used or not opening) and await self._holds_session(request, pid):
            return Refused(_see_other(f"{PREFIX}{pid}/"))
        if used:
            return Refused(message_page(
                "This link was already used",
                "This link was already used on another browser; ask the secretariat for a new one.", 410))
        return None

    async def handle_link(self, request: web.Request) -> web.StreamResponse:
        """``GET /p/?t=TOKEN``: the link's button (see :func:`link_page`),
        or at once what stops it (:meth:`_spent`). Consumes nothing."""
        self._not_blocked(request)
        token = request.query.get("t", "")
        if not token:
            raise _forbidden()
        refused = await self._spent(request, token, opening=False)
        if refused is not None:
            raise refused
        return link_page((await self.following.get()).meeting.title, token)

    async def handle_open(self, request: web.Request) -> web.StreamResponse:
        """``POST /p/`` (the link's button): the one-time exchange of its
        token for a session cookie, then ``303`` to the participant's page.
        A form from our own page, so the SameSite=Strict cookie is sent at
        the end of the redirect."""
        self._not_blocked(request)
        if not self._same_origin(request):  # not counted: another site could get this browser's address blocked
            raise Refused(message_page("Refused", "This form was sent from another site.", 403))
        token = str((await request.post()).get("t", ""))
        if not token:
            raise _forbidden()
        opened = await asyncio.to_thread(open_link, self.store, self.meeting_id, self.clock.now(), token)
        if opened is None:
            raise await self._spent(request, token, opening=True) or _forbidden()
        key, secret = opened
        lists = await self.following.get()
        pid = lists.ids_by_key.get(key)
        if pid is None:
            lists = await self.following.get(at_least=lists.log_id + 1)
            pid = lists.ids_by_key[key]
        response = _see_other(f"{PREFIX}{pid}/")
        response.set_cookie(cookie_name(pid), secret, httponly=True, samesite="Strict", path=PREFIX,
                            secure=request.secure, max_age=COOKIE_DAYS * 86400)
        self._sessions[digest(secret)] = (key, lists.log_id)
        return response

    async def handle_slashless(self, request: web.Request) -> web.StreamResponse:
        """``/p/<id>``: the page is ``/p/<id>/``."""
        raise web.HTTPSeeOther(location=f"{PREFIX}{self._pid(request)}/")

    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        """``/p/<id>/``: the page, with what the last action said (once)."""
        pid = self._pid(request)
        lines, at_least = self._flash.get(pid, ([], 0))
        lists = await self.following.get(at_least)
        await self._session(request, pid, lists)
        self._flash.pop(pid, None)
        nonce = secrets.token_urlsafe(12)
        page = render_page(View(lists, pid, self.clock.now()), lines, nonce)
        return web.Response(text=page, content_type="text/html", headers=_headers(nonce))

    async def handle_status(self, request: web.Request) -> web.StreamResponse:
        """``/p/<id>/status``: the live part alone."""
        pid = self._pid(request)
        lists = await self.following.get()
        await self._session(request, pid, lists)
        return web.Response(text=render_live(View(lists, pid, self.clock.now())), content_type="text/html",
                            headers=_headers(secrets.token_urlsafe(12)))

    def _same_origin(self, request: web.Request) -> bool:
        """True unless ``Origin`` or ``Referer`` names another host than the
        request's ``Host`` (``tui.origin``: the scheme may differ behind a TLS
        proxy); neither sent: the SameSite=Strict cookie is the guard."""
        given = request.headers.get("Origin")
        if given is not None:
            return same_host(given, request.host)  # "null" (a sandboxed frame, a file) is another site
        referer = request.headers.get("Referer")
        if referer is not None:
            return same_host(referer, request.host)
        return True

    async def handle_act(self, request: web.Request) -> web.StreamResponse:
        """``POST /p/<id>/act``: one action of the participant, then back to its page."""
        pid = self._pid(request)
        self._not_blocked(request)
        if not self._same_origin(request):  # not counted: another site could get this browser's address blocked
            raise Refused(message_page("Refused", "This form was sent from another site.", 403,
                                       back=f"{PREFIX}{pid}/"))
        lists = await self.following.get()
        secret = request.cookies.get(cookie_name(pid))
        if not secret:
            raise _forbidden()
        form = await request.post()
        action = str(form.get("action", ""))
        now = self.clock.now()

        def act() -> tuple[str | None, LogEntry | None, str]:
            """(participant key or None when the session is refused, log row, text)."""
            key = session_participant(self.store, self.meeting_id, secret)
            if key is None or lists.ids_by_key.get(key) != pid:
                return None, None, ""
            try:
                if action == "request":
                    item_id = int(str(form.get("item", "")))
                    entry = request_floor(self.store, self.meeting_id, now, key, item_id,
                                          kind=str(form.get("kind", "statement")),
                                          request_key=str(form.get("key", ""))[:100],
                                          subject=str(form.get("subject", "")))
                    return key, entry, acknowledgement(entry, lists.item(item_id))
                if action == "withdraw":
                    entry = withdraw_request(self.store, self.meeting_id, now, key, int(str(form.get("request", ""))))
                    return key, entry, "Your request was withdrawn."
                if action == "check_in":
                    entry = check_in(self.store, self.meeting_id, now, key)
                    return key, entry, "You are checked in: the Chair sees you as connected."
                raise ProcedureError("This form is not one of this page's; reload the page.")
            except ValueError as exc:  # a form not made by this page (no number, no such kind)
                raise ProcedureError("This form is not one of this page's; reload the page.") from exc

        try:
            key, entry, said = await asyncio.to_thread(act)
        except (ProcedureError, RoleRefused) as exc:
            self._flash[pid] = ([(str(exc), True)], 0)
            raise web.HTTPSeeOther(location=f"{PREFIX}{pid}/") from None
        if key is None:
            self._sessions.pop(digest(secret), None)
            raise await self._no_session(request, digest(secret))
        self._sessions[digest(secret)] = (key, lists.log_id)
        refused = entry is not None and not entry.accepted  # e.g. a participation the meeting did not approve
        self._flash[pid] = ([(said, refused)], entry.id if entry is not None and entry.id else 0)
        raise web.HTTPSeeOther(location=f"{PREFIX}{pid}/")
