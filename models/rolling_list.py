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

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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
    Participant,
)

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

    ``list_state``: "open", "closed" (the chair closed it) or "ended" (the
    chair ended it); ``deadline``: the inscription deadline for participants'
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
    (every datetime here is aware UTC; show them in this zone).
    """

    meeting_id: str
    title: str
    state: str
    timezone: str
    log_id: int
    items: list[ListedItem]
    #: the chair's item (the current one; before the call to order the first), or None
    current_item_id: int | None = None
    #: the meeting row's fields the lists depend on (private: for :func:`refreshed`)
    _held_replies: bool = field(default=False, repr=False)

    def item(self, item_id: int) -> ListedItem | None:
        """The item with this id, or None."""
        return next((it for it in self.items if it.id == item_id), None)

    def entries_of(self, participant_id: int) -> list[tuple[ListedItem, ListedEntry]]:
        """Every entry of one participant, item by item (agenda order), as (item, entry)."""
        return [(it, e) for it in self.items for e in it.entries if e.participant_id == participant_id]


def _newest_log_id(s, meeting_id: str) -> int:
    return s.exec(select(func.max(LogEntry.id)).where(LogEntry.meeting_id == meeting_id)).one() or 0


def _entry_rows(s, item_ids: list[int]) -> list[Entry]:
    """The entries of these items with their participants, in one query (no notes)."""
    if not item_ids:
        return []
    rows = s.exec(
        select(Intervention, Participant)
        .join(Participant, Participant.id == Intervention.participant_id)
        .where(Intervention.item_id.in_(item_ids))
    ).all()
    return [Entry(iv, p) for iv, p in rows]


def _held(m: Meeting) -> bool:
    return (m.settings.get("right_of_reply") or {}).get("heard_at") == "meeting_end"


def _listed(e: Entry, place: int | None = None) -> ListedEntry:
    iv, p = e.intervention, e.participant
    return ListedEntry(
        intervention_id=e.id, participant_id=p.id, participant_key=p.key, delegation=p.delegation,
        on_behalf_of=p.on_behalf_of, speaker=p.speaker, kind=str(e.kind), status=str(e.status), place=place,
        reply_number=iv.reply_number, called_at=iv.started_at or iv.called_at,
    )


def _list_state(item: AgendaItem) -> str:
    return "ended" if item.list_ended_at else "closed" if item.list_closed_at else "open"


def _item(m: Meeting, item: AgendaItem, index: int, entries: list[Entry]) -> ListedItem:
    """One item's list from its entries (any order): ordered as on the chair's screen."""
    ordered = order_for_list(entries)
    waiting = [e for e in ordered if e.status == InterventionStatus.WAITING]
    waiting.sort(key=lambda e: e.kind != InterventionKind.STATEMENT)  # as FloorState.waiting: the order of calling
    speaking = next((e for e in ordered if e.status == InterventionStatus.SPEAKING), None)
    return ListedItem(
        id=item.id, number=item.number, title=item.title, is_current=item.id == m.current_item_id,
        list_state=_list_state(item), deadline=inscription_deadline(m, item), auto_accept=auto_accepted(m, item),
        speaking=_listed(speaking) if speaking else None,
        waiting=[_listed(e, place) for place, e in enumerate(waiting, 1)],
        heard=[_listed(e) for e in ordered if e.status == InterventionStatus.SPOKE],
        not_reached=[_listed(e) for e in ordered if e.status in NOT_HEARD],
        index=index,
    )


def _chair_item_id(m: Meeting, items: list[AgendaItem]) -> int | None:
    """The item whose list the chair's screen shows (``models.state.load_state``)."""
    if m.current_item_id is not None:
        return m.current_item_id
    return items[0].id if items else None


def _build(m: Meeting, items: list[AgendaItem], log_id: int, by_item: dict[int, list[Entry]],
           previous: dict[int, ListedItem] | None = None) -> RollingList:
    """The rolling list from the entries of the items in ``by_item``; the other
    items' lists are taken from ``previous`` (their rows did not change)."""
    chair_item = _chair_item_id(m, items)
    held = _held(m)
    if held and chair_item is not None:
        # rights of reply held to the end of the meeting are listed with the chair's item, as on the chair's screen
        replies = [e for iid, es in by_item.items() if iid != chair_item for e in es
                   if e.kind == InterventionKind.REPLY and e.status == InterventionStatus.WAITING]
        held_ids = {e.id for e in replies}
        by_item = {iid: [e for e in es if e.id not in held_ids] for iid, es in by_item.items()}
        by_item[chair_item] = order_for_display(by_item.get(chair_item, []) + replies)
    listed = []
    for index, item in enumerate(items):
        if item.id in by_item or previous is None or item.id not in previous:
            listed.append(_item(m, item, index, by_item.get(item.id, [])))
        else:
            old = previous[item.id]
            listed.append(ListedItem(  # the list as it was; the item's own fields afresh
                id=item.id, number=item.number, title=item.title, is_current=item.id == m.current_item_id,
                list_state=_list_state(item), deadline=inscription_deadline(m, item),
                auto_accept=auto_accepted(m, item), speaking=old.speaking, waiting=old.waiting, heard=old.heard,
                not_reached=old.not_reached, index=index,
            ))
    return RollingList(
        meeting_id=m.id, title=m.title, state=str(m.state), timezone=m.timezone, log_id=log_id, items=listed,
        current_item_id=chair_item, _held_replies=held,
    )


def _grouped(entries: list[Entry]) -> dict[int, list[Entry]]:
    by_item: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        by_item[e.intervention.item_id].append(e)
    return by_item


def _meeting(s, meeting_id: str) -> Meeting:
    m = s.get(Meeting, meeting_id)
    if m is None:
        raise KeyError(meeting_id)
    return m


def rolling_list(store: Store, meeting_id: str) -> RollingList:
    """Read a meeting's rolling list: every item's list as it stands, in one read
    session and one query per table (meeting, log id, items, interventions joined
    with participants).

    Raises:
        KeyError: no meeting with this id.
    """
    with store.read() as s:
        log_id = _newest_log_id(s, meeting_id)
        m = _meeting(s, meeting_id)
        items = agenda_items(s, meeting_id)
        by_item = _grouped(_entry_rows(s, [it.id for it in items]))
        for it in items:
            by_item.setdefault(it.id, [])
    return _build(m, items, log_id, by_item)


def _changed_items(s, new_rows: list[LogEntry]) -> set[int] | None:
    """The items whose lists the actions of ``new_rows`` may have changed, or
    None when that is not known (then read every item): the log rows' own items,
    and the items of the interventions they wrote (an intervention no longer
    there, or a roster change: not known)."""
    items: set[int] = set()
    written: set[Any] = set()
    for entry in new_rows:
        if roster_changed(entry):
            return None
        if entry.item_id is not None:
            items.add(entry.item_id)
        rows = changed_rows(entry)
        if rows is None:
            return None
        for table, key in rows:
            if table == "participant":
                return None
            if table == "intervention":
                written.add(key)
    if written:
        found = dict(s.exec(select(Intervention.id, Intervention.item_id).where(Intervention.id.in_(written))).all())
        if set(found) != written:
            return None  # deleted (an undone inscription): its item is not known here
        items.update(found.values())
    return items


def refreshed(store: Store, previous: RollingList) -> RollingList:
    """``previous`` brought up to date: ``previous`` itself when no log row was
    written since ``previous.log_id`` (one indexed query); else the meeting and
    items rows and the entries of only the items the new log rows changed (the
    whole meeting when that is not known: a roster change, an action whose rows
    are not recorded, rights of reply held to the end of the meeting).

    Raises:
        KeyError: the meeting is gone.
    """
    with store.read() as s:
        log_id = _newest_log_id(s, previous.meeting_id)
        if log_id == previous.log_id:
            return previous
        new_rows = list(s.exec(select(LogEntry).where(
            LogEntry.meeting_id == previous.meeting_id, LogEntry.id > previous.log_id, LogEntry.id <= log_id,
        ).order_by(LogEntry.id)))
        m = _meeting(s, previous.meeting_id)
        items = agenda_items(s, previous.meeting_id)
        changed = None if previous._held_replies or _held(m) else _changed_items(s, new_rows)
        if changed is None:
            changed = {it.id for it in items}
        changed &= {it.id for it in items}
        by_item = _grouped(_entry_rows(s, sorted(changed)))
        for iid in changed:
            by_item.setdefault(iid, [])
    return _build(m, items, log_id, by_item, previous={it.id: it for it in previous.items})
