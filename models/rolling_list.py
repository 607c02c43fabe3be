"""The rolling list: every item's speakers list as the public sees it (issue 12).

A read model for the public page (``tui.public_list``, served under ``/public/``
by ``floor serve``) and for ``floor export MEETING --format speakers``: for each
agenda item, who has the floor, who is waiting (with their place), who was
heard and who was not reached, the state of the list (open, closed, ended) and
the inscription deadline for participants' own requests. Names and delegations
only: no notes, no contact e-mail, no token.

:func:`rolling_list` reads a meeting with one query per table (meeting, items,
interventions with their participants), whatever the number of items;
:func:`refreshed` brings a list up to date by reading only the items whose
rows changed since the newest log row it reflects, and returns the same
object when nothing changed (one indexed query: the newest log id). The order
of each list is the chair's (``models.state.order_for_list``), and so is the
place of each waiting entry: statements first, then rights of reply, as the
chair's screen calls them (``FloorState.waiting``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from models.procedure.common import agenda_items
from models.procedure.floor_requests import auto_accepted, inscription_deadline
from models.state import Entry, changed_rows, order_for_display, order_for_list, roster_changed
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
)
from models.unstyle import un_date, un_time

#: Statuses of the entries listed as "not reached" (each keeps its status: not reached, not present, withdrew).
NOT_HEARD = (InterventionStatus.NOT_REACHED, InterventionStatus.NOT_PRESENT, InterventionStatus.WITHDREW)


@dataclass(frozen=True)
class ListedEntry:
    """One entry of a list as the public sees it.

    ``kind``: "statement" or "reply"; ``status``: an ``InterventionStatus``
    value; ``place``: the 1-based place of a waiting entry (statements, then
    rights of reply numbered after them), else None.
    """

    intervention_id: int
    participant_id: int
    participant_key: str
    delegation: str
    on_behalf_of: str
    speaker: str
    kind: str
    status: str
    place: int | None = None
    #: 1st or 2nd right of reply (None for a statement)
    reply_number: int | None = None
    #: when it was called or started (aware UTC), None if never
    called_at: datetime | None = None


@dataclass(frozen=True)
class ListedItem:
    """One agenda item with its list as it stands.

    ``list_state``: "open", "closed" (the chair closed it), "ended" (the
    chair ended it) or "dealt_with" (the chair went on to another item, or the
    meeting rose, with the list still open: those waiting are not reached
    unless the chair returns to it); ``deadline``: the inscription deadline for participants'
    own requests (aware UTC, ``floor_requests.inscription_deadline``) or None.
    """

    id: int
    number: str
    title: str
    is_current: bool
    list_state: str
    deadline: datetime | None
    auto_accept: bool
    speaking: ListedEntry | None
    waiting: list[ListedEntry]
    heard: list[ListedEntry]
    not_reached: list[ListedEntry]
    #: the item's position in the agenda (0-based)
    index: int = 0

    @property
    def entries(self) -> list[ListedEntry]:
        """Every entry: heard, the speaker, waiting, not reached."""
        return [*self.heard, *([self.speaking] if self.speaking else []), *self.waiting, *self.not_reached]


@dataclass(frozen=True)
class RollingList:
    """A meeting's lists as they stand after log row ``log_id`` (0: none yet).

    ``state``: a ``MeetingState`` value; ``timezone``: the meeting's IANA zone
    (every datetime here is aware UTC; show them in this zone). Two lists
    are equal when everything the public sees is (the rows kept for
    :func:`refreshed` are not compared).
    """

    meeting_id: str
    title: str
    state: str
    timezone: str
    log_id: int
    items: list[ListedItem]
    #: the chair's item (the current one; before the call to order the first), or None
    current_item_id: int | None = None
    #: what :func:`refreshed` starts from: the roster by id, the entries by item and intervention id
    _participants: dict[int, Participant] = field(default_factory=dict, repr=False, compare=False)
    _entries: dict[int, dict[int, Entry]] = field(default_factory=dict, repr=False, compare=False)
    _held_replies: bool = field(default=False, repr=False, compare=False)
    _meeting: Meeting | None = field(default=None, repr=False, compare=False)
    _items: list[AgendaItem] = field(default_factory=list, repr=False, compare=False)

    def item(self, item_id: int) -> ListedItem | None:
        """The item with this id, or None."""
        return next((it for it in self.items if it.id == item_id), None)

    def entries_of(self, participant_id: int) -> list[tuple[ListedItem, ListedEntry]]:
        """Every entry of one participant, item by item (agenda order), as (item, entry)."""
        return [(it, e) for it in self.items for e in it.entries if e.participant_id == participant_id]


#: Logged actions that change no list, whatever rows they wrote (their rows are not recorded: not undoable).
NO_LIST_CHANGE = frozenset({"links_issued", "link_revoked", "finalized", "chair_taken_over", "network_share_override"})


def _newest_log_id(s, meeting_id: str) -> int:
    return s.exec(select(func.max(LogEntry.id)).where(LogEntry.meeting_id == meeting_id)).one() or 0


def _held(m: Meeting) -> bool:
    return (m.settings.get("right_of_reply") or {}).get("heard_at") == "meeting_end"


def _listed(e: Entry, place: int | None = None) -> ListedEntry:
    iv, p = e.intervention, e.participant
    return ListedEntry(
        intervention_id=e.id, participant_id=p.id, participant_key=p.key, delegation=p.delegation,
        on_behalf_of=p.on_behalf_of, speaker=p.speaker, kind=str(e.kind), status=str(e.status), place=place,
        reply_number=iv.reply_number, called_at=iv.started_at or iv.called_at,
    )


def _is_current(m: Meeting, item: AgendaItem) -> bool:
    """Whether ``item`` is being discussed: the chair's current item, while the meeting has not risen."""
    return item.id == m.current_item_id and m.state != MeetingState.ROSE


def _list_state(m: Meeting, item: AgendaItem) -> str:
    if item.list_ended_at:
        return "ended"
    if item.ended_at is not None and not _is_current(m, item):
        return "dealt_with"  # the chair went on (or the meeting rose) with the list still open
    return "closed" if item.list_closed_at else "open"


def _item(m: Meeting, item: AgendaItem, index: int, entries: list[Entry],
          kept: dict[int, ListedEntry] | None = None) -> ListedItem:
    """One item's list from its entries (any order): ordered as on the chair's
    screen. ``kept``: the item's entries as listed before, by intervention id,
    for those whose rows did not change (reused, with their new place)."""
    ordered = order_for_list(entries)
    waiting = [e for e in ordered if e.status == InterventionStatus.WAITING]
    waiting.sort(key=lambda e: e.kind != InterventionKind.STATEMENT)  # as FloorState.waiting: the order of calling
    speaking = next((e for e in ordered if e.status == InterventionStatus.SPEAKING), None)
    kept = kept or {}

    def listed(e: Entry, place: int | None = None) -> ListedEntry:
        was = kept.get(e.id)
        if was is None:
            return _listed(e, place)
        return was if was.place == place else replace(was, place=place)

    return ListedItem(
        id=item.id, number=item.number, title=item.title, is_current=_is_current(m, item),
        list_state=_list_state(m, item), deadline=inscription_deadline(m, item), auto_accept=auto_accepted(m, item),
        speaking=listed(speaking) if speaking else None,
        waiting=[listed(e, place) for place, e in enumerate(waiting, 1)],
        heard=[listed(e) for e in ordered if e.status == InterventionStatus.SPOKE],
        not_reached=[listed(e) for e in ordered if e.status in NOT_HEARD],
        index=index,
    )


def _chair_item_id(m: Meeting, items: list[AgendaItem]) -> int | None:
    """The item whose list the chair's screen shows (``models.state.load_state``)."""
    if m.current_item_id is not None:
        return m.current_item_id
    return items[0].id if items else None


def _build(m: Meeting, items: list[AgendaItem], log_id: int, participants: dict[int, Participant],
           entries: dict[int, dict[int, Entry]], touched: set[int] | None = None,
           previous: RollingList | None = None, written: set[int] = frozenset()) -> RollingList:
    """The rolling list from the entries by item; only the items in
    ``touched`` (None: all) are ordered again, the others' lists are taken
    from ``previous`` (their entries did not change), and so are the listed
    entries of the touched items whose rows are not in ``written``."""
    chair_item = _chair_item_id(m, items)
    held = _held(m)
    by_item = {iid: list(es.values()) for iid, es in entries.items()} if touched is None else None
    if held and chair_item is not None and by_item is not None:
        # rights of reply held to the end of the meeting are listed with the chair's item, as on the chair's screen
        replies = [e for iid, es in by_item.items() if iid != chair_item for e in es
                   if e.kind == InterventionKind.REPLY and e.status == InterventionStatus.WAITING]
        held_ids = {e.id for e in replies}
        by_item = {iid: [e for e in es if e.id not in held_ids] for iid, es in by_item.items()}
        by_item[chair_item] = order_for_display(by_item.get(chair_item, []) + replies)
    old = {it.id: it for it in previous.items} if previous is not None else {}
    listed = []
    for index, item in enumerate(items):
        if by_item is not None or item.id in touched or item.id not in old:
            if by_item is not None:
                listed.append(_item(m, item, index, by_item.get(item.id, [])))
            else:
                kept = {e.intervention_id: e for e in old[item.id].entries
                        if e.intervention_id not in written} if item.id in old else None
                listed.append(_item(m, item, index, list(entries.get(item.id, {}).values()), kept))
        else:
            was = old[item.id]
            listed.append(ListedItem(  # the list as it was; the item's own fields afresh
                id=item.id, number=item.number, title=item.title, is_current=_is_current(m, item),
                list_state=_list_state(m, item), deadline=inscription_deadline(m, item),
                auto_accept=auto_accepted(m, item), speaking=was.speaking, waiting=was.waiting, heard=was.heard,
                not_reached=was.not_reached, index=index,
            ))
    return RollingList(
        meeting_id=m.id, title=m.title, state=str(m.state), timezone=m.timezone, log_id=log_id, items=listed,
        current_item_id=chair_item, _participants=participants, _entries=entries, _held_replies=held,
        _meeting=m, _items=items,
    )


def _meeting(s, meeting_id: str) -> Meeting:
    m = s.get(Meeting, meeting_id)
    if m is None:
        raise KeyError(meeting_id)
    return m


def rolling_list(store: Store, meeting_id: str) -> RollingList:
    """Read a meeting's rolling list: every item's list as it stands, in one read
    session and one query per table (log id, meeting, items, participants,
    interventions).

    Raises:
        KeyError: no meeting with this id.
    """
    with store.read() as s:
        log_id = _newest_log_id(s, meeting_id)
        m = _meeting(s, meeting_id)
        items = agenda_items(s, meeting_id)
        participants = {p.id: p for p in s.exec(select(Participant).where(Participant.meeting_id == meeting_id))}
        rows = s.exec(select(Intervention).where(Intervention.item_id.in_([it.id for it in items]))).all()
    entries: dict[int, dict[int, Entry]] = {it.id: {} for it in items}
    for iv in rows:
        entries[iv.item_id][iv.id] = Entry(iv, participants[iv.participant_id])
    return _build(m, items, log_id, participants, entries)


#: The participant's columns a rolling list shows (``_listed``): an action
#: that writes only others (attendance implied by giving the floor, a check-in)
#: changes no list.
LISTED_PARTICIPANT_COLUMNS = frozenset({"id", "key", "delegation", "on_behalf_of", "speaker", "category", "meeting_id"})


def _listed_fields_changed(entry: LogEntry, participant_id: object) -> bool:
    """Whether the action of ``entry`` may have changed what a list shows of
    participant ``participant_id`` (True unless its before-image holds that
    row's old values and none of them is a listed column)."""
    for table, key, values in (entry.before or {}).get("rows", []):
        if table == "participant" and key == participant_id:
            return not isinstance(values, dict) or bool(values.keys() & LISTED_PARTICIPANT_COLUMNS)
    return True


def _written(new_rows: list[LogEntry]) -> tuple[set[int], set[str]] | None:
    """The ids of the interventions the actions of ``new_rows`` wrote and the
    tables they wrote, or None when that is not known (a roster change, rows
    not recorded): then read the whole meeting again."""
    written: set[int] = set()
    tables: set[str] = set()
    for entry in new_rows:
        if entry.action in NO_LIST_CHANGE:
            continue
        if roster_changed(entry):
            return None
        rows = changed_rows(entry)
        if rows is None:
            return None
        if entry.accepted and not rows:  # a change the before-image missed (a JSON setting changed in place)
            tables.add("meeting")
        for table, key in rows:
            tables.add(table)
            if table == "participant" and _listed_fields_changed(entry, key):
                return None
            if table == "intervention":
                written.add(key)
    return written, tables


def refreshed(store: Store, previous: RollingList) -> RollingList:
    """``previous`` brought up to date: ``previous`` itself when no log row was
    written since ``previous.log_id`` (one indexed query); else the new log
    rows, the interventions they wrote (their before-images name the rows),
    the meeting and its items only when they wrote those, and only the lists
    the interventions belong to ordered again (the entries that did not
    change are reused, with their new places).
    The whole meeting is read again when that is not known: a roster change,
    an action whose rows are not recorded, rights of reply held to the end of
    the meeting (listed with the current item).

    Raises:
        KeyError: the meeting is gone.
    """
    meeting_id = previous.meeting_id
    with store.read() as s:
        log_id = _newest_log_id(s, meeting_id)
        if log_id == previous.log_id:
            return previous
        new_rows = list(s.exec(select(LogEntry).where(
            LogEntry.meeting_id == meeting_id, LogEntry.id > previous.log_id, LogEntry.id <= log_id,
        ).order_by(LogEntry.id)))
        known = None if previous._held_replies or previous._meeting is None else _written(new_rows)
        if known is not None:
            written, tables = known
            if tables & {"meeting", "agendaitem"}:  # the meeting's state, settings, current item; the agenda
                m, items = _meeting(s, meeting_id), agenda_items(s, meeting_id)
            else:
                m, items = previous._meeting, previous._items
            rows = s.exec(select(Intervention).where(Intervention.id.in_(written))).all() if written else []
    if known is None or _held(m) or any(iv.participant_id not in previous._participants for iv in rows):
        return rolling_list(store, meeting_id)
    item_of = {iv_id: iid for iid, es in previous._entries.items() if written for iv_id in es.keys() & written}
    entries = dict(previous._entries)
    touched: set[int] = set()
    for iid in {it.id for it in items} - entries.keys():  # an item added to the agenda
        entries[iid] = {}

    def own(iid: int) -> dict[int, Entry]:
        if iid not in touched:
            touched.add(iid)
            entries[iid] = dict(entries.get(iid, {}))
        return entries[iid]

    for iv_id in written:  # removed from where it was (deleted by an undo, or changed)
        if iv_id in item_of:
            own(item_of[iv_id]).pop(iv_id, None)
    for iv in rows:
        own(iv.item_id)[iv.id] = Entry(iv, previous._participants[iv.participant_id])
    return _build(m, items, log_id, previous._participants, entries, touched, previous, written)


# --------------------------------------------------------------------------- words (one rule for the page and the export)

#: What the public reads for each status of an entry not heard, and for the meeting's state.
STATUS_WORDS = {
    "not_reached": "not reached", "not_present": "not present when called", "withdrew": "withdrew",
    "spoke": "spoke", "speaking": "has the floor", "waiting": "waiting",
}
MEETING_WORDS = {
    "scheduled": "Not yet called to order", "in_session": "In session", "suspended": "Suspended",
    "rose": "The meeting rose",
}


def entry_name(e: ListedEntry) -> str:
    """How the public list names an entry: "Egypt (on behalf of the Group of
    African States) — Ms. D. Example", with "right of reply" (or "second right
    of reply") after it for a reply. Plain text: escape it for HTML or Markdown."""
    name = e.delegation + (f" (on behalf of {e.on_behalf_of})" if e.on_behalf_of else "")
    if e.speaker:
        name += f" — {e.speaker}"
    if e.kind == InterventionKind.REPLY:
        name += ", second right of reply" if e.reply_number == 2 else ", right of reply"
    return name


def list_state_words(item: ListedItem, timezone: str, now: datetime | None = None) -> str:
    """The state of an item's list in one sentence, with the inscription
    deadline for participants' own requests in the meeting's time zone (UN
    clock times, ``models.unstyle``): "The list is open; requests are placed
    until 6 p.m. on Thursday, 7 May 2026.", "… the deadline for requests was
    …; later requests go to the Chair.", "The list is closed.", "The list has
    ended." ``now`` (aware UTC): whether the deadline has passed (None: not said)."""
    if item.list_state == "ended":
        return "The list has ended."
    if item.list_state == "dealt_with":
        return "The item has been dealt with; those still waiting are not reached unless the Chair returns to it."
    if item.list_state == "closed":
        return "The list is closed."
    if item.deadline is None:
        return "The list is open."
    when = f"{un_time(item.deadline, timezone)} on {un_date(item.deadline, timezone)}"
    later = "are accepted automatically" if item.auto_accept else "go to the Chair"
    if now is not None and now >= item.deadline:
        return f"The list is open; the deadline for requests was {when}; later requests {later}."
    return f"The list is open; requests are placed until {when}; later requests {later}."
