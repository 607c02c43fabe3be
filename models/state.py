"""Read-only views of a meeting for screens, scripts and exports.

:func:`load_state` reads everything a screen needs in one short session and
returns plain objects; :func:`status_dict` turns it into the JSON printed by
``floor status MEETING --json`` (documented in README.md).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import accumulate
from typing import Any

from sqlmodel import select

from models.procedure.common import agenda_items
from models.procedure.floor_requests import pending_requests
from models.store import Store
from models.tables import (
    AgendaItem,
    FloorRequest,
    Intervention,
    InterventionKind,
    InterventionStatus,
    LogEntry,
    Meeting,
    Note,
    Participant,
    PointOfOrder,
    Suspension,
)
from models.timing import (
    limit_seconds,
    overrun_seconds,
    paused_seconds,
    remaining_seconds,
    used_seconds,
    whole_seconds,
)


@dataclass
class Entry:
    """One entry of a speakers list with its participant and the rapporteur's notes on it."""

    intervention: Intervention
    participant: Participant
    notes: str = ""
    #: The intervention id (read once: screens look entries up by it).
    id: int = field(init=False)
    #: Where the entry goes in :func:`order_for_display` (worked out once).
    sort_key: tuple = field(init=False, repr=False, compare=False)
    #: The entry's status and kind, and its limit in force (s, None = untimed),
    #: read once: lists of 1,000 are filtered and summed at every redraw.
    status: InterventionStatus = field(init=False, repr=False, compare=False)
    kind: InterventionKind = field(init=False, repr=False, compare=False)
    limit_s: int | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        iv = self.intervention
        assert iv.id is not None
        self.id = iv.id
        self.sort_key = _display_key(iv)
        self.status, self.kind, self.limit_s = iv.status, iv.kind, limit_seconds(iv)


@dataclass
class FloorState:
    """A meeting as it stands: header, agenda, the current item's list.

    ``entries`` is the current item's list in the order a chair reads it:
    entries already dealt with (by the time they were called), the current
    speaker, then those waiting (by place).
    """

    meeting: Meeting
    items: list[AgendaItem]
    participants: list[Participant]
    item: AgendaItem | None = None
    entries: list[Entry] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    points_of_order: list[PointOfOrder] = field(default_factory=list)
    spoken: dict[int, tuple[int, int]] = field(default_factory=dict)
    item_notes: str = ""
    #: participants' requests waiting for the chair, oldest first (``models.procedure.floor_requests``)
    requests: list[FloorRequest] = field(default_factory=list)

    @property
    def active_point(self) -> PointOfOrder | None:
        """The point of order being heard, if any."""
        return next((p for p in self.points_of_order if p.started_at and not p.ended_at), None)

    @property
    def queued_points(self) -> list[PointOfOrder]:
        """Points of order raised and not yet heard, first come first served."""
        return [p for p in self.points_of_order if p.started_at is None]

    def participant(self, participant_id: int) -> Participant | None:
        """The participant with this database id."""
        return self._participants_by_id.get(participant_id)

    @cached_property
    def _participants_by_id(self) -> dict[int, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def current(self) -> Entry | None:
        """The entry that has the floor, if any (worked out once per state)."""
        return next((e for e in self.entries if e.status == InterventionStatus.SPEAKING), None)

    @cached_property
    def waiting_limits(self) -> Limits:
        """The limits of everyone waiting, sorted with prefix sums (once per state)."""
        return Limits.of([e.limit_s for e in self.waiting])

    @cached_property
    def waiting_demand_s(self) -> int:
        """Seconds everyone waiting is allotted (untimed count 0)."""
        return self.waiting_limits.prefix[-1]

    @cached_property
    def waiting(self) -> list[Entry]:
        """Entries still waiting, in the order they will be called: the speakers
        list, then the rights of reply (worked out once per state)."""
        waiting = [e for e in self.entries if e.status == InterventionStatus.WAITING]
        return sorted(waiting, key=lambda e: e.kind != InterventionKind.STATEMENT)

    @property
    def item_index(self) -> int:
        """0-based index of the current item in the agenda (-1 if none)."""
        return next((i for i, it in enumerate(self.items) if self.item and it.id == self.item.id), -1)

    @property
    def open_suspension(self) -> Suspension | None:
        """The suspension in progress, if any."""
        return next((s for s in self.suspensions if s.resumed_at is None), None)


def _display_key(iv: Intervention) -> tuple:
    if iv.status == InterventionStatus.WAITING:
        if iv.kind != InterventionKind.STATEMENT:  # first replies, then second ones, each in order of request
            return (2.5, iv.reply_number or 1, 0.0, iv.id)
        return (2, iv.position, 0.0, iv.id)
    if iv.status == InterventionStatus.SPEAKING:
        return (1, 0, 0.0, iv.id)
    first = iv.started_at or iv.called_at
    if first is None and iv.failed_calls:
        first = datetime.fromisoformat(iv.failed_calls[-1]["at"])
    stamp = first.timestamp() if first else float("inf")
    return (0, 0, stamp, iv.id) if iv.status != InterventionStatus.NOT_REACHED else (3, iv.position, 0.0, iv.id)


def order_for_display(entries: list[Entry]) -> list[Entry]:
    """Dealt-with entries by time first dealt with, then the speaker, then waiting by place."""
    return sorted(entries, key=lambda e: e.sort_key)


def order_for_list(entries: list[Entry]) -> list[Entry]:
    """The chair's speakers list: :func:`order_for_display`, except that a
    withdrawn entry keeps its place on the list (right before the first entry
    of its queue inscribed after it, by ``Intervention.position``), so that
    withdrawing one speaker changes no other speaker's order number. Costs
    one pass over the list per withdrawn entry."""
    withdrawn = [e for e in entries if e.status == InterventionStatus.WITHDREW]
    if not withdrawn:
        return order_for_display(entries)
    placed = order_for_display([e for e in entries if e.status != InterventionStatus.WITHDREW])
    for w in sorted(withdrawn, key=lambda e: (e.intervention.position, e.id)):
        position = w.intervention.position
        same = [i for i, e in enumerate(placed) if e.kind == w.kind]
        later = [i for i in same if placed[i].intervention.position > position and placed[i].status != InterventionStatus.WITHDREW]
        if later:
            at = later[0]
        elif same:
            at = same[-1] + 1
        else:
            at = next((i for i, e in enumerate(placed) if e.sort_key > w.sort_key), len(placed))
        placed.insert(at, w)
    return placed


def _entries_query():
    return (
        select(Intervention, Participant, Note.text)
        .join(Participant, Participant.id == Intervention.participant_id)
        .outerjoin(Note, (Note.item_id == Intervention.item_id) & (Note.intervention_id == Intervention.id))
    )


def _held_replies(store: Store, meeting_id: str, item_id: int) -> list[Entry]:
    """Rights of reply waiting on the meeting's other items, held to the end of
    the meeting (``right_of_reply.heard_at: meeting_end``): listed with every item."""
    with store.read() as s:
        rows = s.exec(_entries_query().join(AgendaItem, AgendaItem.id == Intervention.item_id).where(
            AgendaItem.meeting_id == meeting_id, Intervention.item_id != item_id,
            Intervention.kind == InterventionKind.REPLY, Intervention.status == InterventionStatus.WAITING,
        )).all()
    return [Entry(iv, p, text or "") for iv, p, text in rows]


def item_entries(store: Store, item_id: int) -> list[Entry]:
    """All entries of one item with their notes, ordered by :func:`order_for_list`."""
    with store.read() as s:
        rows = s.exec(_entries_query().where(Intervention.item_id == item_id)).all()
    return order_for_list([Entry(iv, p, text or "") for iv, p, text in rows])


def item_notes(s, item_id: int) -> str:
    """The rapporteur's notes on an item (not on one intervention), in an open session."""
    return s.exec(select(Note.text).where(Note.item_id == item_id, Note.intervention_id == None)).first() or ""  # noqa: E711


def meeting_notes(s, meeting_id: str) -> dict[tuple[int, int | None], str]:
    """The text of every note of a meeting by (item id, intervention id or None
    for the item's own), in an open session (the texts alone, not the rows)."""
    rows = s.exec(select(Note.item_id, Note.intervention_id, Note.text).where(Note.meeting_id == meeting_id))
    return {(item_id, intervention_id): text for item_id, intervention_id, text in rows}


def read_note(store: Store, item_id: int, intervention_id: int | None = None) -> Note | None:
    """The note on an intervention (or, with ``intervention_id`` None, on the item itself), or None."""
    with store.read() as s:
        return s.exec(select(Note).where(Note.item_id == item_id, Note.intervention_id == intervention_id)).first()


def newest_note_seq(store: Store, meeting_id: str) -> int:
    """The meeting's note counter (``Note.seq``): changes with every note saved, from any screen."""
    from sqlalchemy import func

    with store.read() as s:
        return s.exec(select(func.max(Note.seq)).where(Note.meeting_id == meeting_id)).one() or 0


def read_meeting(s, meeting_id: str) -> tuple[Meeting, list[AgendaItem], list[Participant]]:
    """The meeting, its items (agenda order) and its participants, in an open session.

    Raises:
        KeyError: no meeting with this id.
    """
    meeting = s.get(Meeting, meeting_id)
    if meeting is None:
        raise KeyError(meeting_id)
    items = agenda_items(s, meeting_id)
    participants = list(s.exec(select(Participant).where(Participant.meeting_id == meeting_id).order_by(Participant.id)))
    return meeting, items, participants


def _suspensions(s, meeting_id: str) -> list[Suspension]:
    return list(s.exec(select(Suspension).where(Suspension.meeting_id == meeting_id).order_by(Suspension.suspended_at)))


def _open_points(s, meeting_id: str) -> list[PointOfOrder]:
    """Points of order raised and not yet ruled on, first come first served."""
    return list(s.exec(
        select(PointOfOrder)
        .where(PointOfOrder.meeting_id == meeting_id, PointOfOrder.ended_at == None)  # noqa: E711
        .order_by(PointOfOrder.raised_at, PointOfOrder.id)
    ))


def load_state(store: Store, meeting_id: str, participants: list[Participant] | None = None, *,
               current_only: bool = False) -> FloorState:
    """Read the meeting and its current item's list (what a screen shows): the
    meeting, its items, the open suspensions and points of order, the current
    item's entries with notes, and the speaking record of their participants.
    ``participants``: the roster already read (a screen reads it once), else read here.
    ``current_only``: of the list, read only the entry that has the floor (no
    waiting entries, no speaking record): what a screen that follows the floor
    without showing the list needs (the rapporteur's desk), in one indexed row.

    Raises:
        KeyError: no meeting with this id.
    """
    with store.read() as s:
        if participants is None:
            meeting, items, participants = read_meeting(s, meeting_id)
        else:
            meeting = s.get(Meeting, meeting_id)
            if meeting is None:
                raise KeyError(meeting_id)
            items = agenda_items(s, meeting_id)
        suspensions = _suspensions(s, meeting_id)
        points = _open_points(s, meeting_id)
        requests = pending_requests(s, meeting_id)
    state = FloorState(
        meeting=meeting, items=items, participants=participants, suspensions=suspensions, points_of_order=points,
        requests=requests,
    )
    if meeting.current_item_id is not None:
        state.item = next(it for it in items if it.id == meeting.current_item_id)
    elif items:  # before the call to order the chair sees the first item's list
        state.item = items[0]
    if state.item is not None and current_only:
        with store.read() as s:
            row = s.exec(_entries_query().where(Intervention.item_id == state.item.id,
                                                Intervention.status == InterventionStatus.SPEAKING)).first()
        state.entries = [Entry(row[0], row[1], row[2] or "")] if row is not None else []
    elif state.item is not None:
        assert state.item.id is not None
        state.entries = item_entries(store, state.item.id)
        if meeting.settings.get("right_of_reply", {}).get("heard_at") == "meeting_end":
            state.entries = order_for_display(state.entries + _held_replies(store, meeting_id, state.item.id))
        with store.read() as s:
            state.item_notes = item_notes(s, state.item.id)
            state.spoken = speaking_record(s, meeting_id, {e.participant.id for e in state.entries})
    return state


def changed_rows(entry: LogEntry) -> list[tuple[str, Any]] | None:
    """The rows (table, primary key) a logged action wrote: from its
    before-image, or for an undo the rows it put back; [] for a refused
    request; None when not known (then read the whole state again)."""
    if not entry.accepted:
        return []
    if entry.before is not None:
        return [(table, key) for table, key, _values in entry.before["rows"]]
    if entry.action == "undo":
        return [(table, key) for table, key in entry.detail.get("rows", [])]
    return None


def _log_after(s, meeting_id: str, log_id: int) -> list[LogEntry]:
    return list(s.exec(select(LogEntry).where(LogEntry.meeting_id == meeting_id, LogEntry.id > log_id).order_by(LogEntry.id)))


def _notes_after(s, meeting_id: str, seq: int) -> list[Note]:
    return list(s.exec(select(Note).where(Note.meeting_id == meeting_id, Note.seq > seq).order_by(Note.seq)))


def _changes_since(s, meeting_id: str, log_id: int) -> tuple[int, list[tuple[str, Any]] | None, bool]:
    """What the actions logged after ``log_id`` wrote: (the newest log id, the
    changed rows or None = unknown, whether the participants changed — then
    the changed rows are None too). Reads no more than the new log rows."""
    rows = _log_after(s, meeting_id, log_id)
    newest = rows[-1].id if rows else log_id
    if any(roster_changed(entry) for entry in rows):
        return newest, None, True
    changes: list[tuple[str, Any]] = []
    for entry in rows:
        rows_of = changed_rows(entry)
        if rows_of is None:
            return newest, None, False
        changes.extend(rows_of)
    return newest, changes, False


def sync_state(store: Store, state: FloorState, log_id: int, note_seq: int) -> tuple[int, int, FloorState]:
    """Bring a screen's ``state`` (which includes the log up to ``log_id`` and
    the notes up to counter ``note_seq``) up to date, reading only what changed,
    in one read session: (newest log id, newest note counter, state — the same
    object when nothing changed)."""
    with store.read() as s:
        new_log_id, changes, roster = _changes_since(s, state.meeting.id, log_id)
        fresh = state if new_log_id == log_id else _refresh(s, state, changes)
        if fresh is not None:
            note_seq, fresh = _notes_since(s, fresh, note_seq)
            return new_log_id, note_seq, fresh
    # read again; a roster imported or a name corrected: the participants too
    fresh = load_state(store, state.meeting.id, participants=None if roster else state.participants)
    return new_log_id, newest_note_seq(store, state.meeting.id), fresh


def speakers_waiting(store: Store, meeting_id: str) -> int:
    """How many speakers wait on the speakers list of any item of the meeting
    (statements, not rights of reply): those the rising records as "not
    reached" (``models.procedure.meeting.rise``). One count query."""
    from sqlalchemy import func

    from models.tables import AgendaItem, Intervention, InterventionKind, InterventionStatus

    with store.read() as s:
        return s.exec(select(func.count(Intervention.id)).join(AgendaItem, AgendaItem.id == Intervention.item_id)
                      .where(AgendaItem.meeting_id == meeting_id, Intervention.status == InterventionStatus.WAITING,
                             Intervention.kind == InterventionKind.STATEMENT)).one()


def roster_changed(entry: LogEntry) -> bool:
    """Whether the action of this log row changed the participants a screen
    holds: a roster imported, accreditation updated from a roster, a delegation
    or speaker corrected."""
    return bool(entry.accepted) and (entry.action in ("roster_imported", "participation_updated") or (
        entry.action == "correction" and (entry.detail or {}).get("field") in ("delegation", "speaker")))


def _refresh(s, state: FloorState, changes: list[tuple[str, Any]] | None) -> FloorState | None:
    """``state`` updated from the rows in ``changes`` in session ``s``; None
    when the whole state must be read again (unknown changes, another item)."""
    meeting_id = state.meeting.id
    if changes is None:
        return None
    if not changes:
        return state
    tables = {table for table, _key in changes}
    if "meeting" in tables:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise KeyError(meeting_id)
        if meeting.current_item_id != state.meeting.current_item_id:
            return None
    new = replace(state)
    if "meeting" in tables:
        new.meeting = meeting
    if "agendaitem" in tables:
        new.items = agenda_items(s, meeting_id)
        if state.item is not None:
            new.item = next((it for it in new.items if it.id == state.item.id), None)
    if "suspension" in tables:
        new.suspensions = _suspensions(s, meeting_id)
    if "pointoforder" in tables:
        new.points_of_order = _open_points(s, meeting_id)
    if "floorrequest" in tables:
        new.requests = pending_requests(s, meeting_id)
    if "participant" in tables:  # attendance, a check-in from a participant's page: those rows only
        _refresh_participants(s, new, {key for table, key in changes if table == "participant"})
    ids = sorted({key for table, key in changes if table == "intervention"})
    if ids and new.item is not None:
        rows = s.exec(_entries_query().where(Intervention.id.in_(ids))).all()
        if new.meeting.settings.get("right_of_reply", {}).get("heard_at") == "meeting_end" and any(
                iv.kind == InterventionKind.REPLY for iv, _p, _t in rows):
            return None  # replies held from other items: read the list again
        by_id = {e.id: e for e in new.entries}
        for missing in set(ids) - {iv.id for iv, _p, _t in rows}:
            by_id.pop(missing, None)  # deleted by an undo
        for iv, p, text in rows:
            if iv.item_id == new.item.id:
                by_id[iv.id] = Entry(iv, p, text or "")
            else:
                by_id.pop(iv.id, None)
        new.entries = order_for_list(list(by_id.values()))
        touched = {p.id for _iv, p, _t in rows}
        record = speaking_record(s, meeting_id, touched)
        new.spoken = {pid: v for pid, v in state.spoken.items() if pid not in touched} | record
    return new


def _refresh_participants(s, state: FloorState, ids: set[int]) -> None:
    """Put the participants ``ids`` as they are now (attendance, ``checked_in_at``)
    into ``state``'s roster and list entries, in place; the others are kept."""
    fresh = {p.id: p for p in s.exec(select(Participant).where(Participant.id.in_(sorted(ids))))}  # type: ignore[union-attr]
    if not fresh:
        return
    state.participants = [fresh.get(p.id, p) for p in state.participants]
    state.entries = [Entry(e.intervention, fresh[e.participant.id], e.notes) if e.participant.id in fresh else e
                     for e in state.entries]


def _notes_since(s, state: FloorState, seq: int) -> tuple[int, FloorState]:
    if state.item is None:
        return seq, state
    notes = _notes_after(s, state.meeting.id, seq)
    if not notes:
        return seq, state
    new = replace(state)
    texts = {n.intervention_id: n.text for n in notes if n.item_id == state.item.id}
    if None in texts:
        new.item_notes = texts[None]
    if any(k is not None for k in texts):
        new.entries = [Entry(e.intervention, e.participant, texts[e.id]) if e.id in texts else e for e in state.entries]
    return max(n.seq for n in notes), new


@dataclass(frozen=True)
class LogLine:
    """One row of the procedural log as a screen lists it (no undo record, no detail)."""

    id: int
    at: datetime
    summary: str
    accepted: bool
    undone: bool
    actor: str


def log_page(store: Store, meeting_id: str, before_id: int | None = None, limit: int = 200) -> list[LogLine]:
    """Up to ``limit`` rows of the procedural log older than row ``before_id``
    (None: the newest), newest first: one indexed query whatever the log's length."""
    q = select(LogEntry.id, LogEntry.at, LogEntry.summary, LogEntry.accepted, LogEntry.undone_by, LogEntry.actor).where(
        LogEntry.meeting_id == meeting_id
    )
    if before_id is not None:
        q = q.where(LogEntry.id < before_id)
    with store.read() as s:
        rows = s.exec(q.order_by(LogEntry.id.desc()).limit(limit)).all()
    return [LogLine(i, at, summary, accepted, undone_by is not None, actor) for i, at, summary, accepted, undone_by, actor in rows]


def procedural_log(store: Store, meeting_id: str) -> list[LogEntry]:
    """The procedural log of a meeting, oldest first."""
    with store.read() as s:
        return list(s.exec(select(LogEntry).where(LogEntry.meeting_id == meeting_id).order_by(LogEntry.id)))


def item_used_seconds(item: AgendaItem, now: datetime) -> int:
    """Whole clock seconds the item has been the current item, rounded down
    like every used time (``models.timing``; suspensions included, time spent
    on other items and after the meeting rose excluded)."""
    used = timedelta(seconds=item.elapsed_s)
    if item.opened_at is not None:
        used += now - item.opened_at
    return whole_seconds(used)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def entry_dict(entry: Entry, now: datetime) -> dict[str, Any]:
    """One list entry as JSON-ready data (seconds as numbers, times as ISO 8601 UTC)."""
    iv, p = entry.intervention, entry.participant
    remaining = remaining_seconds(iv, now)
    return {
        "intervention_id": iv.id,
        "participant": p.key,
        "delegation": p.delegation,
        "speaker": p.speaker,
        "category": p.category,
        "on_behalf_of": p.on_behalf_of or None,
        "mode": p.mode,
        "status": iv.status.value,
        "inscribed_at": _iso(iv.inscribed_at),
        "started_at": _iso(iv.started_at),
        "allotted_s": iv.allotted_s,
        "limit_s": limit_seconds(iv),
        "used_s": used_seconds(iv, now),
        "paused_s": whole_seconds(paused_seconds(iv, now)),
        "left_s": remaining,
        "overrun_s": overrun_seconds(iv, now),
        "paused": iv.paused_since is not None,
        "failed_calls": iv.failed_calls,
    }


def status_dict(state: FloorState, now: datetime) -> dict[str, Any]:
    """The live state of a meeting as JSON-ready data (schema in README.md)."""
    m, item = state.meeting, state.item
    current = state.current
    item_data = None
    if item is not None:
        used = item_used_seconds(item, now)
        item_data = {
            "number": item.number,
            "title": item.title,
            "allotted_s": item.allotted_s,
            "started_at": _iso(item.started_at),
            "used_s": used,
            "left_s": item.allotted_s - used,
            "list_closed_at": _iso(item.list_closed_at),
        }
    return {
        "meeting": {
            "id": m.id,
            "title": m.title,
            "state": m.state.value,
            "timezone": m.timezone,
            "called_to_order_at": _iso(m.called_to_order_at),
            "rose_at": _iso(m.rose_at),
        },
        "now": now.isoformat(),
        "item": item_data,
        "current_speaker": entry_dict(current, now) if current else None,
        "waiting": [entry_dict(e, now) for e in state.waiting],
        "list_open": item is None or (item.list_closed_at is None and item.list_ended_at is None),
        "point_of_order": None
        if state.active_point is None
        else {"subject": state.active_point.subject, "raised_at": _iso(state.active_point.raised_at)},
    }


@dataclass(frozen=True)
class Forecast:
    """What the rest of the list needs against the time left (seconds).

    ``demand_s``: allotted time of everyone waiting plus what the current
    speaker has left (untimed entries count 0); ``changeovers_s``: one
    change-over (``rules.changeover_s``) per speaker still to call;
    ``item_left_s``: allotted minus elapsed clock time of the item (None before
    it opens); ``meeting_left_s``: until the scheduled end, on the day the
    meeting is held (the agenda's end time of day on the date of the call to
    order, or of ``now`` before it, in the meeting's time zone — so a meeting
    held on another date than the agenda's still shows its time left).
    ``fitting_cap_s`` / ``fitting_cap_with_changeovers_s``: the largest
    per-speaker limit that fits, rounded down to whole ``CAP_STEP_S`` (a
    limit a chair announces: "2 min 45 s"); 0 when none fits.
    """

    waiting: int
    demand_s: int
    changeovers_s: int
    item_left_s: int | None
    meeting_left_s: int | None
    fitting_cap_s: int | None = None
    fitting_cap_with_changeovers_s: int | None = None
    contingents_left_s: dict[str, int] = field(default_factory=dict)

    @property
    def shortfall_s(self) -> int | None:
        """Seconds by which the demand exceeds the item's time left (≤ 0: it fits)."""
        return None if self.item_left_s is None else self.demand_s - self.item_left_s

    @property
    def shortfall_with_changeovers_s(self) -> int | None:
        """Seconds by which the demand and the change-overs together exceed the
        item's time left (≤ 0: it fits, change-overs included)."""
        return None if self.item_left_s is None else self.demand_s + self.changeovers_s - self.item_left_s


#: Proposed limits are whole multiples of this many seconds.
CAP_STEP_S = 15


def round_cap(cap_s: int | None) -> int | None:
    """``cap_s`` rounded down to whole ``CAP_STEP_S`` (181 → 180); None stays None."""
    return None if cap_s is None else cap_s - cap_s % CAP_STEP_S


def scheduled_end_on_the_day(meeting: Meeting, now: datetime) -> datetime | None:
    """The meeting's scheduled end (aware UTC) moved to the day it is held:
    the agenda's end time of day, in the meeting's time zone, on the local
    date of the call to order (before it: of ``now``). None if no end is scheduled."""
    from datetime import date

    from models.unstyle import local

    end = meeting.scheduled_end
    if end is None:
        return None
    try:
        agenda_day = date.fromisoformat(meeting.date)
    except (ValueError, TypeError):
        return end
    held = local(meeting.called_to_order_at or now, meeting.timezone).date()
    shift = (held - agenda_day).days
    if not shift:
        return end
    moved = local(end, meeting.timezone).add(days=shift)
    return datetime.fromtimestamp(moved.timestamp(), UTC)


def forecast(state: FloorState, now: datetime) -> Forecast:
    """The forecast of the current item's list at ``now`` (DOMAIN.md, "Time").
    What does not move with the clock (the waiting list's limits) is worked
    out once per state, so a tick costs the same with 10 or 1,000 waiting."""
    limits = state.waiting_limits
    demand = state.waiting_demand_s
    current = state.current
    if current is not None:
        demand += max(0, remaining_seconds(current.intervention, now) or 0)
    item = state.item
    item_left = None
    if item is not None and item.started_at is not None and state.meeting.current_item_id == item.id:
        item_left = item.allotted_s - item_used_seconds(item, now)
    end = scheduled_end_on_the_day(state.meeting, now)
    changeovers = len(state.waiting) * int(state.meeting.settings.get("changeover_s", 0))
    running = demand - state.waiting_demand_s
    cap = cap_with = None
    if item_left is not None and demand > item_left:
        cap = fitting_cap(limits, item_left - running)
    if item_left is not None and demand + changeovers > item_left:
        cap_with = fitting_cap(limits, item_left - running - changeovers)
    contingents: dict[str, int] = {}
    if item is not None and item.contingents_s:
        for category, budget in item.contingents_s.items():
            spent = sum(
                used_seconds(e.intervention, now)
                for e in state.entries
                if e.participant.category == category and e.intervention.kind == InterventionKind.STATEMENT
            )
            contingents[category] = budget - spent
    return Forecast(
        waiting=len(state.waiting),
        demand_s=demand,
        changeovers_s=changeovers,
        item_left_s=item_left,
        meeting_left_s=None if end is None else round((end - now).total_seconds()),
        fitting_cap_s=round_cap(cap),
        fitting_cap_with_changeovers_s=round_cap(cap_with),
        contingents_left_s=contingents,
    )


def fitting_cap(limits: list[int | None] | "Limits", budget_s: float) -> int:
    """The largest per-speaker cap (whole seconds) under which ``limits`` fit in
    ``budget_s``: sum(min(limit, cap)) ≤ budget. Untimed entries (None) count 0.
    Returns 0 when nothing fits. Binary search on the cap over prefix sums of
    the sorted limits: O(log(limit) · log(n))."""
    table = limits if isinstance(limits, Limits) else Limits.of(limits)
    timed, prefix = table.timed, table.prefix
    if budget_s <= 0 or not timed:
        return 0
    lo, hi = 0, timed[-1]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        below = bisect_left(timed, mid)  # limits under the cap count whole, the others count the cap
        if prefix[below] + mid * (len(timed) - below) <= budget_s:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass(frozen=True)
class Limits:
    """The limits (s) of a waiting list, sorted, with prefix sums (for :func:`fitting_cap`)."""

    timed: list[int]
    prefix: list[int]

    @classmethod
    def of(cls, limits: list[int | None]) -> Limits:
        """From the limits of each waiting entry (None = untimed, left out)."""
        timed = sorted(x for x in limits if x is not None)
        return cls(timed, [0, *accumulate(timed)])


def speaking_record(s, meeting_id: str, participant_ids: set[int] | None = None) -> dict[int, tuple[int, int]]:
    """How often and how long (s) each participant has spoken in this meeting so
    far: participant id → (interventions started, whole seconds of those that
    ended, from ``Intervention.used_s``). One aggregate query over the
    participant index; ``participant_ids`` limits it to those shown. A
    participant absent from it has not yet spoken (a "first-time speaker")."""
    from sqlalchemy import func

    q = (
        select(Intervention.participant_id, func.count(), func.coalesce(func.sum(Intervention.used_s), 0.0))
        .where(Intervention.started_at != None)  # noqa: E711
        .group_by(Intervention.participant_id)
    )
    if participant_ids is not None:  # participants belong to one meeting: the participant index is enough
        if not participant_ids:
            return {}
        q = q.where(Intervention.participant_id.in_(sorted(participant_ids)))
    else:
        q = q.join(Participant, Participant.id == Intervention.participant_id).where(Participant.meeting_id == meeting_id)
    return {pid: (count, whole_seconds(seconds)) for pid, count, seconds in s.exec(q).all()}


def last_undoable(store: Store, meeting_id: str) -> LogEntry | None:
    """The chair action that ``procedure.undo`` would undo now, or None."""
    from models.procedure.undo import undo_target

    with store.read() as s:
        return undo_target(s, meeting_id)


@dataclass
class NoteRow:
    """One place the rapporteur can write: an item's notes or an intervention's."""

    kind: str  # "item" | "intervention"
    id: int
    item_number: str
    started_at: datetime | None
    delegation: str
    speaker: str
    notes: str
    status: str = ""
    item_position: int = 0  # the item's place in the agenda (``AgendaItem.position``)
    #: for an intervention called but never given: "called — absent", "called — not connected",
    #: "not called" (its call undone); "" for one given (``started_at`` is then the time of its call)
    call: str = ""

    @property
    def label(self) -> str:
        """How the rapporteur's list names it."""
        if self.kind == "item":
            return f"Item {self.item_number} — notes on the item"
        return f"{self.delegation} ({self.call})" if self.call else self.delegation

    @property
    def key(self) -> str:
        """"item:ID" or "intervention:ID"."""
        return f"{self.kind}:{self.id}"

    @property
    def order(self) -> tuple:
        """Its place in the index: items in agenda order, each item's notes
        first, then its interventions by start."""
        if self.kind == "item":
            return (self.item_position, 0)
        return (self.item_position, 1, self.started_at or datetime.min.replace(tzinfo=UTC), self.id)


#: An intervention's status as stored (the enum's name) or as a value → its value.
_STATUS = {**{m.name: m.value for m in InterventionStatus}, **{m.value: m.value for m in InterventionStatus}}


def _utc(stamp: Any) -> datetime | None:
    """A stamp read as stored (SQLite: text, UTC without its zone) as aware UTC."""
    if stamp is None:
        return None
    if isinstance(stamp, str):
        return datetime.fromisoformat(stamp).replace(tzinfo=UTC)
    return stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _call_label(failed_calls: Any) -> str:
    """How the desk names an entry called but never given the floor."""
    import json

    calls = json.loads(failed_calls) if isinstance(failed_calls, str) else (failed_calls or [])
    if not calls:
        return "not called"
    return "called — absent" if calls[-1].get("kind") == "absent" else "called — not connected"


def _intervention_rows(s, meeting_id: str, items: dict[int, AgendaItem], ids: list[int] | None) -> list[NoteRow]:
    """Index rows of the interventions given, of those called but never
    given (absent, not connected) and of any other entry with notes (a call
    undone), all of them or those of ``ids``: no note is left without its row.
    The stamps and status come as stored and are converted here, not row by
    row by the ORM's column types: at 10,000 rows that halves the read."""
    from sqlalchemy import String, type_coerce

    q = (
        select(Intervention.id, Intervention.item_id, type_coerce(Intervention.started_at, String),
               Intervention.reply_number, type_coerce(Intervention.status, String), Participant.delegation,
               Participant.speaker, Note.text, type_coerce(Intervention.called_at, String),
               type_coerce(Intervention.inscribed_at, String), type_coerce(Intervention.failed_calls, String))
        .join(Participant, Participant.id == Intervention.participant_id)
        .outerjoin(Note, (Note.item_id == Intervention.item_id) & (Note.intervention_id == Intervention.id))
        .where(Participant.meeting_id == meeting_id,
               (Intervention.started_at != None) | (Intervention.called_at != None) | (Note.text != ""))  # noqa: E711
    )
    rows = []
    if ids is None:
        rows = s.connection().execute(q).all()
    else:
        for start in range(0, len(ids), 500):
            rows += s.connection().execute(q.where(Intervention.id.in_(ids[start:start + 500]))).all()
    out = []
    for iv_id, item_id, started_at, reply_number, status, delegation, speaker, text, called_at, inscribed_at, calls in rows:
        item = items.get(item_id)
        if item is None or (item.started_at is None and not (text or "").strip()):
            continue
        call = ""
        if started_at is None:  # called but never given the floor: when it was (last) called
            call = _call_label(calls)
            started_at = called_at or inscribed_at
        name = delegation + (f" (reply {reply_number})" if reply_number else "")
        out.append(NoteRow("intervention", iv_id, item.number, _utc(started_at) or item.started_at, name, speaker,
                           text or "", _STATUS.get(status, status), item.position, call))
    return out


def notes_index(store: Store, meeting_id: str) -> list[NoteRow]:
    """Every item taken up (or with notes), every intervention given (or being
    given) and every entry called but never given the floor (or with notes),
    in the order of the meeting: each item's notes, then its interventions by
    start (or call)."""
    with store.read() as s:
        items = agenda_items(s, meeting_id)
        interventions = _intervention_rows(s, meeting_id, {it.id: it for it in items}, None)
        notes = {n.item_id: n.text for n in s.exec(
            select(Note).where(Note.meeting_id == meeting_id, Note.intervention_id == None)  # noqa: E711
        )}
    out = [NoteRow("item", it.id, it.number, it.started_at, "", "", notes.get(it.id, ""), "", it.position)
           for it in items if it.started_at is not None or notes.get(it.id, "").strip()]
    out += interventions
    out.sort(key=lambda r: r.order)
    return out


def index_rows(store: Store, meeting_id: str, intervention_ids: Iterable[int]) -> list[NoteRow]:
    """The rows of :func:`notes_index` for these interventions only (those given,
    being given or called, or with notes; the others are left out), e.g. the
    ones a chair action touched."""
    ids = sorted(set(intervention_ids))
    if not ids:
        return []
    with store.read() as s:
        items = {it.id: it for it in s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id))}
        return _intervention_rows(s, meeting_id, items, ids)


def notes_since(store: Store, meeting_id: str, seq: int) -> list[Note]:
    """The meeting's notes saved after the counter stood at ``seq`` (``Note.seq``), oldest save first."""
    with store.read() as s:
        return _notes_after(s, meeting_id, seq)


def log_since(store: Store, meeting_id: str, log_id: int) -> list[LogEntry]:
    """The procedural-log rows written after the row ``log_id``, oldest first."""
    with store.read() as s:
        return _log_after(s, meeting_id, log_id)


def procedural_log_size(store: Store, meeting_id: str) -> int:
    """The id of the newest procedural-log row (0 if none): changes with every action, from any screen."""
    from sqlalchemy import func

    with store.read() as s:
        return s.exec(select(func.max(LogEntry.id)).where(LogEntry.meeting_id == meeting_id)).one() or 0
