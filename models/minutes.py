"""Minutes of a meeting: one model of the record, and its view for every format.

:func:`build_minutes` reads the database into a :class:`MinutesRecord` (plain
data, every figure computed once); :func:`minutes_view` turns it into the
skeleton of ../shared/DOMAIN.md ("Minutes"): header, programme with allotted
and actual times, "The meeting was called to order at …", the interventions
of each item with the rapporteur's notes and any suspension, "The meeting rose
at …", Annex I (attendance), Annex II (list of speakers), Annex III
(procedural log), Annex IV (statistics). Times are the meeting's local times
in UN style.

This module says what the minutes say and knows nothing of files or formats:
``models.exports`` renders the view and writes the files; the text helpers
both use (UN dates and times, escaping, tags in notes) are ``models.unstyle``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from sys import intern
from typing import Any

from sqlalchemy import Text, cast
from sqlmodel import select

from models.articles import in_running_text, running_form
from models.categories import CATEGORIES, label
from models.roster import fold
from models.sentences import printed_lines
from models.state import Entry, meeting_notes, order_for_display, read_meeting
from models.statistics import compute as compute_statistics
from models.statistics import floor_chart
from models.store import Store
from models.tables import (
    FloorRequest,
    Interruption,
    InterruptionCause,
    InterruptionDecision,
    Intervention,
    InterventionStatus,
    LogEntry,
    Meeting,
    MeetingState,
    Note,
    Participant,
    PointOfOrder,
    Recommendation,
    Suspension,
    WrittenStatement,
)
from models.timing import (
    limit_seconds,
    overrun_seconds,
    paused_seconds,
    used_seconds,
    whole_seconds,
)
from models.unstyle import (
    MeetingZone,
    day_and_month,
    duration_words,
    full_stop,
    has_controls,
    minutes_words,
    offset_changes,
    un_clock,
    un_date,
    un_day,
    un_time,
    un_time_range,
    visible,
    wall,
    with_offset,
)

STATUS_WORDS = {
    InterventionStatus.SPOKE: "spoke",
    InterventionStatus.SPEAKING: "speaking",
    InterventionStatus.WAITING: "not reached",
    InterventionStatus.NOT_REACHED: "not reached",
    InterventionStatus.NOT_PRESENT: "not present",
    InterventionStatus.WITHDREW: "withdrew",
}
FAILED_CALL_WORDS = {"absent": "absent", "not_connected": "not connected"}


@dataclass(slots=True)
class SpeakerRecord:
    """One entry of a speakers list as the minutes report it (seconds, UTC)."""

    order: int
    item_number: str
    participant: str
    delegation: str
    speaker: str
    category: str
    on_behalf_of: str
    mode: str
    status: str
    inscribed_at: datetime | None
    called_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    allotted_s: int | None
    limit_s: int | None
    used_s: int
    paused_s: int
    overrun_s: int
    failed_calls: list[tuple[datetime, str]]
    notes: str
    reply_number: int | None = None
    intervention_id: int | None = None
    role: str = ""  # the speaker's function ("Minister of Justice"), after the name in the attribution
    notes_started_at: datetime | None = None  # the first keystroke of its notes (UTC): which failed call they belong to
    article: str | None = None  # before the delegation in running text: "the", "" or None (models.articles)
    references: dict[str, str] = field(default_factory=dict)  # a sentence of its notes → its reference (models.register)


@dataclass
class ItemRecord:
    """An agenda item with its entries (in the order dealt with) and suspensions."""

    number: str
    title: str
    allotted_s: int
    started_at: datetime | None
    ended_at: datetime | None
    notes: str
    speakers: list[SpeakerRecord] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    points_of_order: list[PointRecord] = field(default_factory=list)
    decisions: list[LogRecord] = field(default_factory=list)  # list closed/ended, limits changed
    interruptions: list[InterruptionRecord] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)  # participants' own requests for the floor
    references: dict[str, str] = field(default_factory=dict)  # a sentence of its notes → its reference (models.register)


@dataclass(slots=True)
class RequestRecord:
    """A participant's own request for the floor on an item (issue 12,
    ``models.procedure.floor_requests``) and what became of it (UTC)."""

    participant: str  # its agenda id
    delegation: str
    kind: str  # statement | reply | point_of_order
    requested_at: datetime
    late: bool
    status: str  # pending | placed | declined | withdrawn
    decided_at: datetime | None
    reason: str  # the chair's, for a decline


@dataclass(slots=True)
class InterruptionRecord:
    """A gap in the app's life while ``delegation`` had the floor, and the
    chair's decision (``models.procedure.interruptions``; UTC, seconds;
    ``seconds`` negative for a clock put back)."""

    delegation: str
    started_at: datetime
    ended_at: datetime
    seconds: int
    cause: str  # crash | sleep | clock_jump
    decision: str  # pending | kept | removed
    deducted_s: int
    article: str | None = None  # the delegation's article in running text (models.articles)


@dataclass(slots=True)
class PointRecord:
    """A point of order as the minutes report it."""

    delegation: str
    speaker: str
    subject: str
    ruling: str
    raised_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    article: str | None = None  # the delegation's article in running text (models.articles)


@dataclass(slots=True)
class LogRecord:
    """A row of the procedural log as the record reports it (without the undo
    image the database keeps with it).

    ``detail_json`` is the row's detail as the database stores it (JSON
    text); :attr:`detail` parses it when first asked for: the minutes of a
    week read tens of thousands of log rows and look into few of them."""

    id: int
    at: datetime
    actor: str
    action: str
    item_id: int | None
    intervention_id: int | None
    accepted: bool
    summary: str
    detail_json: str | None
    undone_by: int | None
    _detail: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def detail(self) -> dict[str, Any]:
        """The row's detail (a dict; {} when the row has none)."""
        if self._detail is None:
            self._detail = json.loads(self.detail_json) if self.detail_json else {}
            if not isinstance(self._detail, dict):
                self._detail = {}
        return self._detail


#: The columns :class:`LogRecord` is read from, in its order (the detail as JSON text, on every engine).
_LOG_COLUMNS = [LogEntry.__table__.c[f.name] for f in fields(LogRecord)[:8]] + [
    cast(LogEntry.__table__.c.detail, Text), LogEntry.__table__.c.undone_by]
#: Every column of an intervention (read as rows: the timing functions take any object with its fields).
_INTERVENTION_COLUMNS = list(Intervention.__table__.c)


@dataclass(slots=True)
class StatementRecord:
    """A written statement attached to the meeting (issue 14,
    ``models.procedure.written_statements``): whose (its agenda id, the name
    the minutes give it, category), why it was written, the item it speaks to
    (number, or None for the meeting), title, text, file name, SHA-256 and
    media type of the file, when attached (UTC), and whether it is a revision
    of a finalized record."""

    participant: str
    name: str
    category: str
    reason: str
    item_number: str | None
    title: str
    text: str
    file_name: str
    sha256: str
    media_type: str
    attached_at: datetime
    revision: bool


@dataclass
class MinutesRecord:
    """Everything the minutes say, computed once for every output format."""

    meeting: Meeting
    items: list[ItemRecord]
    participants: list[Participant]
    suspensions: list[Suspension]
    log: list[LogRecord]
    generated_at: datetime
    #: who was present, by participant key: (mode, arrival UTC) (:func:`attendance_of`)
    attendance: dict[str, tuple[str, datetime | None]] = field(default_factory=dict)
    #: the written statements attached (``floor attach``), in the order attached
    statements: list[StatementRecord] = field(default_factory=list)
    _zone: MeetingZone | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def tz(self) -> str:
        """The meeting's IANA time zone, as a :class:`models.unstyle.MeetingZone`
        that shows UTC offsets when the meeting's time (call to order to rising,
        or to now) spans a change of offset."""
        if self._zone is None:
            m = self.meeting
            start = m.called_to_order_at or m.scheduled_start
            end = m.rose_at or self.generated_at
            change = start is not None and end is not None and offset_changes(m.timezone, start, end)
            self._zone = MeetingZone(m.timezone, show_offset=change)
        return self._zone

    @property
    def revisions(self) -> list[LogRecord]:
        """Corrections made, and written statements attached, after the record was finalized (who, when, what)."""
        return [e for e in self.log if e.action in ("correction", "written_statement_attached") and e.detail.get("revision")]


def build_minutes(store: Store, meeting_id: str, now: datetime) -> MinutesRecord:
    """Read a meeting into a :class:`MinutesRecord`.

    ``now`` (aware UTC) is used for an intervention still running.

    Raises:
        KeyError: no meeting with this id.
    """
    with store.read() as s:
        meeting, items, participants = read_meeting(s, meeting_id)
        by_id = {p.id: p for p in participants}
        suspensions = list(
            s.exec(select(Suspension).where(Suspension.meeting_id == meeting_id).order_by(Suspension.suspended_at))
        )
        # plain rows, not ORM objects: a week's record is tens of thousands of them
        log = [LogRecord(id_, at, intern(actor), intern(action), *rest) for id_, at, actor, action, *rest in s.exec(
            select(*_LOG_COLUMNS).where(LogEntry.meeting_id == meeting_id).order_by(LogEntry.id))]
        decisions: dict[int | None, list[LogRecord]] = {}
        for e in log:  # what the minutes narrate under each item, in the log's order
            if e.undone_by is None and e.accepted is not None and (
                    e.action in _DECISIONS or (e.action in ("inscribed", "request_accepted")
                                               and '"override"' in (e.detail_json or "") and e.detail.get("override"))):
                decisions.setdefault(e.item_id, []).append(e)
        notes = meeting_notes(s, meeting_id)
        by_item: dict[int, list[tuple[int, str]]] = {}
        for (item_id, iv_id), text in notes.items():
            if iv_id is not None:
                by_item.setdefault(item_id, []).append((iv_id, text))
        notes_started = {iv_id: at for iv_id, at in s.exec(select(Note.intervention_id, Note.started_at).where(
            Note.meeting_id == meeting_id, Note.intervention_id != None, Note.started_at != None))}  # noqa: E711
        references: dict[tuple[int, int | None], dict[str, str]] = {}
        for r in s.exec(select(Recommendation).where(Recommendation.meeting_id == meeting_id,
                                                     Recommendation.withdrawn_at.is_(None))):
            references.setdefault((r.item_id, r.intervention_id), {})[r.text] = r.ref
        asked: dict[int, list[RequestRecord]] = {}
        for r in s.exec(select(FloorRequest).where(FloorRequest.meeting_id == meeting_id).order_by(
                FloorRequest.requested_at, FloorRequest.id)):
            who = by_id[r.participant_id]
            asked.setdefault(r.item_id, []).append(RequestRecord(
                who.key, who.delegation, r.kind.value, r.requested_at, r.late, r.status.value, r.decided_at, r.reason))
        gaps: dict[int | None, list[Interruption]] = {}
        for gap in s.exec(select(Interruption).where(Interruption.meeting_id == meeting_id).order_by(Interruption.started_at)):
            gaps.setdefault(gap.item_id, []).append(gap)
        records: list[ItemRecord] = []
        order = 0
        for item in items:
            ivs = s.exec(select(*_INTERVENTION_COLUMNS).where(Intervention.item_id == item.id)).all()
            entries = order_for_display([Entry(iv, by_id[iv.participant_id]) for iv in ivs])
            rec = ItemRecord(
                number=item.number,
                title=item.title,
                allotted_s=item.allotted_s,
                started_at=item.started_at,
                ended_at=item.ended_at,
                notes=notes.get((item.id, None), ""),
                suspensions=[x for x in suspensions if x.item_id == item.id],
                requests=asked.get(item.id, []),
                references=dict(references.get((item.id, None), {})),
            )
            given = {iv.id for iv in ivs}
            stray = [(iv_id, text) for iv_id, text in by_item.get(item.id, ()) if iv_id not in given and text.strip()]
            if stray:  # notes of an entry an undo took off the list: kept with the item's notes, never lost
                rec.notes = "\n\n".join(x for x in (rec.notes, *(text for _, text in stray)) if x.strip())
                for iv_id, _ in stray:
                    rec.references.update(references.get((item.id, iv_id), {}))
            for e in entries:
                iv, p = e.intervention, e.participant
                order += 1
                status = STATUS_WORDS[iv.status]
                if iv.status == InterventionStatus.WAITING and meeting.state != MeetingState.ROSE and item.ended_at is None:
                    status = "waiting"
                rec.speakers.append(
                    SpeakerRecord(
                        order=order,
                        item_number=item.number,
                        participant=p.key,
                        delegation=p.delegation,
                        speaker=p.speaker,
                        category=p.category,
                        on_behalf_of=p.on_behalf_of,
                        mode=p.mode,
                        role=p.role or "",
                        article=p.article,
                        status=status,
                        inscribed_at=iv.inscribed_at,
                        called_at=iv.called_at,
                        started_at=iv.started_at,
                        ended_at=iv.ended_at,
                        allotted_s=iv.allotted_s,
                        limit_s=limit_seconds(iv),
                        used_s=used_seconds(iv, now),
                        paused_s=whole_seconds(paused_seconds(iv, now)),
                        overrun_s=overrun_seconds(iv, now),
                        failed_calls=[(datetime.fromisoformat(f["at"]), f["kind"]) for f in iv.failed_calls],
                        notes=notes.get((item.id, iv.id), ""),
                        reply_number=iv.reply_number,
                        intervention_id=iv.id,
                        notes_started_at=notes_started.get(iv.id),
                        references=references.get((item.id, iv.id), {}),
                    )
                )
            for point in s.exec(
                select(PointOfOrder).where(PointOfOrder.item_id == item.id).order_by(PointOfOrder.raised_at)
            ):
                raiser = by_id[point.participant_id]
                rec.points_of_order.append(
                    PointRecord(raiser.delegation, raiser.speaker, point.subject, point.ruling, point.raised_at,
                                point.started_at, point.ended_at, raiser.article)
                )
            rec.decisions = decisions.get(item.id, [])
            speakers = {sp.intervention_id: sp for sp in rec.speakers}
            rec.interruptions = []
            for g in gaps.get(item.id, []):
                held = speakers.get(g.intervention_id)
                rec.interruptions.append(InterruptionRecord(
                    held.delegation if held else "", g.started_at, g.ended_at, round(g.seconds), g.cause.value,
                    g.decision.value, round(g.deducted_s), held.article if held else None))
            records.append(rec)
        numbers = {item.id: item.number for item in items}
        statements = [
            StatementRecord(by_id[w.participant_id].key, minutes_name(by_id[w.participant_id]), by_id[w.participant_id].category,
                            w.reason, numbers.get(w.item_id) if w.item_id is not None else None, w.title, w.text,
                            w.file_name, w.sha256, w.media_type, w.attached_at, w.revision)
            for w in s.exec(select(WrittenStatement).where(WrittenStatement.meeting_id == meeting_id)
                            .order_by(WrittenStatement.attached_at, WrittenStatement.id))]
    return MinutesRecord(meeting, records, participants, suspensions, log, now, attendance_of(participants, records),
                         statements)


def minutes_name(p: Participant) -> str:
    """How the annexes name a participant: its delegation, "on behalf of" its
    group when it speaks for one ("Brazil (on behalf of GRULAC)"); a person in
    a personal capacity (Chair, panellist) as "Name (delegation)"."""
    from models.procedure.attendance import INDIVIDUAL

    if p.category in INDIVIDUAL and p.speaker:
        return f"{p.speaker} ({p.delegation})"
    return p.delegation + (f" (on behalf of {p.on_behalf_of})" if p.on_behalf_of else "")


def attendance_of(participants: list[Participant], items: list[ItemRecord]) -> dict[str, tuple[str, datetime | None]]:
    """Who was present, by participant key: (mode "in_person" | "online",
    arrival, aware UTC). As recorded (``models.procedure.attendance``); a
    participant that took the floor without its attendance being recorded (a
    meeting recorded before Floor took attendance) counts as present in its
    registered way from its first start, except by video (a pre-recorded statement)."""
    from models.procedure.attendance import registered_presence

    first: dict[str, datetime] = {}
    for it in items:
        for sp in it.speakers:
            if sp.started_at is not None and (sp.participant not in first or sp.started_at < first[sp.participant]):
                first[sp.participant] = sp.started_at
    out: dict[str, tuple[str, datetime | None]] = {}
    for p in participants:
        if p.attendance:
            out[p.key] = (p.attendance, p.arrived_at)
        elif p.key in first and p.mode != "video":
            out[p.key] = (registered_presence(p), first[p.key])
    return out


#: Log actions that the minutes narrate under their item.
_DECISIONS = {"list_closed", "list_reopened", "list_ended", "limits_changed", "point_of_order_refused",
              "announcement_withdrawn", "request_declined"}

#: What an announced decision would do, as the minutes say it (models/procedure/announcements.py).
_ANNOUNCED = {"close_list": "the list of speakers would be closed", "end_list": "the list of speakers would be ended",
              "set_limits": "the speaking time would be changed"}


def _announced_text(entry: LogRecord, tz: str) -> str:
    """A decision taken "if there is no objection": the announcement and its fate."""
    d = entry.detail
    announced = un_time(datetime.fromisoformat(d["announced_at"]), tz)
    if entry.action == "announcement_withdrawn":
        return (f"At {announced} the Chair announced that {_ANNOUNCED.get(d.get('announced'), 'a decision would be taken')} "
                f"if there was no objection; at {un_time(entry.at, tz)} the announcement was withdrawn.")
    what = {"list_closed": "the list of speakers would be closed", "list_ended": "the list of speakers would be ended"}
    done = {"list_closed": "the list was closed", "list_ended": "the list was ended"}
    if entry.action in done:
        return (f"At {announced} the Chair announced that {what[entry.action]} if there was no objection. "
                f"There being no objection, {done[entry.action]}.")
    return (f"At {announced} the Chair announced that the speaking time would be changed if there was no objection. "
            "There being no objection, it was so decided: " + _limits_text(entry, tz)[0].lower() + _limits_text(entry, tz)[1:])


def _decision_text(entry: LogRecord, tz: str, by_key: dict[str, Participant]) -> str:
    """A decision of the Chair under its item, narrated; ``by_key``: the
    meeting's participants by id, for their names in running text."""
    at = un_time(entry.at, tz)
    d = entry.detail
    if d.get("announced_at"):
        return _announced_text(entry, tz)
    who = by_key.get(d.get("participant") or "")
    if entry.action == "request_declined":
        name = in_running_text(who.delegation, who.article) if who else d.get("participant", "")
        reason = d.get("reason") or ""
        what = {"reply": "to exercise the right of reply", "point_of_order": "to raise a point of order"}.get(
            d.get("kind", ""), "to take the floor")
        return full_stop(f"At {at} the Chair declined a request from {name} {what}"
                         + (f" ({reason.rstrip('.')})" if reason else ""))
    if entry.action in ("inscribed", "request_accepted"):
        name = in_running_text(who.delegation, who.article) if who else d.get("delegation") or entry.summary.split(" inscribed")[0]
        return full_stop(f"At {at} the Chair accepted a request to speak from {name} after the list was closed"
                         if "list closed" in entry.summary else f"At {at} the Chair accepted a second request to speak from {name}")
    if entry.action == "list_closed":
        return full_stop(f"The list of speakers was closed at {at}")
    if entry.action == "list_reopened":
        return full_stop(f"The list of speakers was reopened at {at}")
    if entry.action == "list_ended":
        return f"At {at} the Chair ended the list of speakers."
    if entry.action == "point_of_order_refused":
        allowed = ", ".join(label(c) for c in d.get("allowed", []))
        name = in_running_text(who.delegation, who.article) if who else d.get("delegation") or d.get("participant", "")
        return f"At {at} a request by {name} to raise a point of order was not granted (only: {allowed})."
    return _limits_text(entry, tz)


def _limits_text(entry: LogRecord, tz: str) -> str:
    """A change of the speaking time, narrated."""
    at = un_time(entry.at, tz)
    d = entry.detail
    changes = d.get("changes") or {}
    olds = {old for old, _ in changes.values()}
    if d.get("cap_s") is not None:
        new = duration_words(d["cap_s"])
        if len(olds) == 1:
            return f"At {at} the Chair reduced the speaking time for all remaining speakers from {duration_words(olds.pop())} to {new}."
        return f"At {at} the Chair limited the speaking time of all remaining speakers to {new}."
    return f"At {at} the Chair set the speaking time of {label(d.get('category') or '')} speakers to {duration_words(d.get('value_s') or 0)}."


def _span(seconds: int) -> str:
    """16 → "16 s", 1200 → "20 min", 75 → "1 min 15 s"."""
    return f"{seconds} s" if seconds < 60 else minutes_words(seconds)


def _interruption_text(gap: InterruptionRecord, tz: str) -> str:
    """"At 4.44 p.m. the floor was interrupted for 16 s (…) while Türkiye had the floor; …"."""
    at = un_time(gap.started_at, tz)
    who = in_running_text(gap.delegation, gap.article) or "the speaker"
    if gap.cause == InterruptionCause.CLOCK_JUMP:
        text = (f"At {at} the computer's clock was set {'forward' if gap.seconds >= 0 else 'back'} by "
                f"{_span(abs(gap.seconds))} while {who} had the floor")
    else:
        cause = "the chair's screen stopped and was restarted" if gap.cause == InterruptionCause.CRASH else \
            "the chair's computer slept or froze"
        text = f"At {at} the floor was interrupted for {_span(gap.seconds)} ({cause}) while {who} had the floor"
    if gap.decision == InterruptionDecision.REMOVED:
        return text + f"; the Chair decided that the time was not charged to {who}."
    if gap.decision == InterruptionDecision.KEPT:
        return text + f"; the Chair decided that the time was charged to {who}."
    return text + "; the Chair has not decided (the time is charged)."


def _ordinal_word(n: int | None) -> str:
    return {1: "first", 2: "second"}.get(n or 0, f"{n}th")


def _attribution(sp: SpeakerRecord) -> str:
    """Who spoke, as a summary record opens the paragraph (models.articles
    gives the names in running text)."""
    if sp.category == "chair":
        return f"The Chair ({sp.speaker})" if sp.speaker else "The Chair"
    # UN style: "Mr. X (Islamic Republic of Iran)"; with a function, "Mr. X (Minister of Justice, Brazil)";
    # without a name, "The representative of the Republic of Korea"
    if sp.speaker:
        where = _inside_parentheses(running_form(sp.delegation))
        who = f"{sp.speaker} ({sp.role}, {where})" if sp.role else f"{sp.speaker} ({where})"
    else:
        who = f"The {sp.role or 'representative'} of {in_running_text(sp.delegation, sp.article)}"
    if sp.on_behalf_of:
        who += f", speaking on behalf of {in_running_text(sp.on_behalf_of)}"
    return who


_ACRONYM_IN_PARENTHESES = re.compile(r"\s*\(([A-Z][A-Z0-9&.-]{1,11})\)")
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")


def _inside_parentheses(name: str) -> str:
    """A delegation's name as it stands in the parentheses after a speaker's
    name: no parentheses inside parentheses. An acronym after the name goes
    (summary records give the name: "Mr. X (Office of the United Nations High
    Commissioner for Refugees)"); any other parenthesis becomes a comma
    ("UNODC (Civil Society Unit)" → "UNODC, Civil Society Unit")."""
    if "(" not in name:
        return name
    name = _ACRONYM_IN_PARENTHESES.sub("", name)
    return _PARENTHESES.sub(lambda m: ", " + m.group(1).strip(), name).strip()


#: How the facts line says the modality of a meeting.
_MODALITY_WORDS = {"in_person": "in person", "hybrid": "in person and online", "online": "online"}


def _ordinal(n: str) -> str:
    """"1" → "1st", "2" → "2nd", "13" → "13th" (a meeting's number as summary records give it)."""
    if not n.isdigit():
        return n
    value = int(n)
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _facts_line(m: Meeting, tz: str, held: str | None, scheduled_day: str, hours: str) -> str:
    """The line under the title, as a summary record words it: "Minutes of the
    1st meeting, held at PLACE on Thursday, 2 July 2026, at 3.07 p.m.
    (scheduled 3–6 p.m.; in person and online)"; a meeting not yet called to
    order "to be held … on" its scheduled day; one held on another day says
    which it was scheduled for."""
    which = f"Minutes of the {_ordinal(str(m.meeting_number))} meeting" if m.meeting_number else "Minutes of the meeting"
    where = f" at {m.place}," if m.place else ""  # the place as the agenda gives it (no article is guessed)
    if held is None:
        start = f", at {un_time(m.scheduled_start, tz)}" if m.scheduled_start else ""
        text = f"{which}, to be held{where} on {scheduled_day}{start}"
    else:
        text = f"{which}, held{where} on {held}, at {un_time(m.called_to_order_at, tz)}"
    notes = []
    if held is not None and held != scheduled_day:
        notes.append(f"scheduled for {scheduled_day}" + (f", {hours}" if hours else ""))
    elif hours:
        notes.append(f"scheduled {hours}")
    if m.modality in _MODALITY_WORDS:
        notes.append(_MODALITY_WORDS[m.modality])
    return text + (f" ({'; '.join(notes)})" if notes else "")


def _when(instant: datetime | None, rec: MinutesRecord, meeting_day: date) -> str:
    if instant is None:
        return "—"
    zone = rec.tz
    t = wall(instant, zone)  # one conversion for the time and the day
    clock = with_offset(un_clock(t), t, zone)
    if t.date() != meeting_day:
        return f"{day_and_month(t.date())}, {clock}"
    return clock


def minutes_view(rec: MinutesRecord) -> dict[str, Any]:
    """The minutes as plain data for every output format.

    Every string is final text, but *not escaped*: each renderer escapes data
    for its own format (Markdown, HTML, Word, plain text), so a delegation or
    a note containing markup prints literally. Control characters are already
    shown as symbols (``models.unstyle.visible``: "␂", "␛"; none remains, not
    even a line feed inside a string), so every format can hold every string. Shape (keys): ``title``,
    ``body``, ``mandate``, ``facts``, ``people`` [(label, text)], ``status``,
    ``revisions`` [text], ``programme`` (table), ``called_to_order``, ``items``
    [{``heading``, ``paragraphs`` [{``kind``: "speaker" | "event", ``who``,
    ``extra``, ``figures``, ``notes`` [lines], ``text``}] (an event's ``notes``:
    those taken during a failed call, else []), ``not_reached``,
    ``notes``}], ``rose``, ``annexes`` [{``title``, ``tables`` [table]}] where a
    table is {``caption``, ``columns``, ``align``, ``rows``}; ``document``
    (the UN document head: :func:`_document`), ``properties`` (the file's
    own: :func:`_properties`). An annex may have a ``chart`` (Annex IV: the
    whole meeting's floor time, ``models.statistics.FloorChart.as_dict``, or
    None).
    """
    m, tz = rec.meeting, rec.tz
    by_key = {p.key: p for p in rec.participants}
    scheduled = date.fromisoformat(m.date)
    # times on the day the meeting was held show without a date; others with theirs ("2 July, 11.40 a.m.")
    day = wall(m.called_to_order_at, tz).date() if m.called_to_order_at else scheduled
    hours = un_time_range(m.scheduled_start, m.scheduled_end, tz) if m.scheduled_start else ""
    held = un_date(m.called_to_order_at, tz) if m.called_to_order_at else None
    scheduled_day = un_day(scheduled)
    facts = _facts_line(m, tz, held, scheduled_day, hours)
    people: list[tuple[str, str]] = []
    if m.chair_name or m.chair_delegation:
        people.append(("Chair", m.chair_name + (f" ({m.chair_delegation})" if m.chair_delegation else "")))
    if m.secretariat:
        people.append(("Secretariat", "; ".join(p["name"] + (f" ({p['unit']})" if p.get("unit") else "") for p in m.secretariat)))
    if m.rapporteur:
        r = m.rapporteur
        people.append(("Rapporteur", r.get("name", "") + (f" ({r['unit']})" if r.get("unit") else "")))
    status = {"draft": "draft — not an official record", "final": "final"}.get(m.record_status, m.record_status)
    if rec.revisions:
        status += " (corrected)"
    people.append(("Status", status))
    document = _document(rec)

    programme_rows = []
    for it in rec.items:
        actual = "not taken up"
        if it.started_at:
            actual = un_time_range(it.started_at, it.ended_at, tz)
            if it.ended_at:
                actual += f" ({minutes_words(whole_seconds(it.ended_at - it.started_at))})"
        programme_rows.append([it.number, " ".join(it.title.split()), minutes_words(it.allotted_s), actual])

    items = []
    for it in rec.items:
        if it.started_at is None and not any(sp.status == "spoke" or sp.notes.strip() for sp in it.speakers) \
                and not it.notes.strip():
            continue
        span = f" ({un_time_range(it.started_at, it.ended_at, tz)})" if it.started_at else ""
        events: list[tuple[datetime, dict[str, Any]]] = []
        for sp in it.speakers:
            for at, kind in sp.failed_calls:
                words = "was not present" if kind == "absent" else "could not be connected"
                called = in_running_text(sp.delegation, sp.article, sentence_start=True)
                events.append((at, {"kind": "event", "text": f"{called} was called at {un_time(at, tz)} but {words}.",
                                    "notes": []}))
            if sp.started_at is None:
                if sp.notes.strip():  # notes taken during a call that failed: under that call, never lost
                    if sp.failed_calls:  # under the call during which they were begun (else the last)
                        calls = events[len(events) - len(sp.failed_calls):]
                        begun = sp.notes_started_at
                        during = [e for (at, _kind), e in zip(sp.failed_calls, calls) if begun is None or at <= begun]
                        (during[-1] if during else calls[0])[1]["notes"] = _note_lines(sp.notes, sp.references)
                    else:  # the call was undone, or the entry withdrew: under its entry
                        at = sp.notes_started_at or sp.called_at or it.started_at or sp.inscribed_at
                        events.append((at or rec.generated_at, {
                            "kind": "event",
                            "text": f"{in_running_text(sp.delegation, sp.article, sentence_start=True)} did not take the floor ({sp.status}).",
                            "notes": _note_lines(sp.notes, sp.references)}))
                continue
            figures = f"{sp.used_s} s"
            if sp.limit_s is not None:
                figures += f" of {sp.limit_s} s"
            if sp.overrun_s:
                figures += f", overrun {sp.overrun_s} s"
            if sp.paused_s:
                figures += f", paused {sp.paused_s} s (not charged)"
            events.append((sp.started_at, {
                "kind": "speaker",
                "who": _attribution(sp),
                "extra": f", in exercise of the right of reply ({_ordinal_word(sp.reply_number)})" if sp.reply_number else "",
                "figures": f"{un_time_range(sp.started_at, sp.ended_at, tz)}; {figures}",
                "notes": _note_lines(sp.notes, sp.references),
            }))
        for sus in it.suspensions:
            text = f"The meeting was suspended at {un_time(sus.suspended_at, tz)}"
            if sus.resumed_at:
                text += f" and resumed at {un_time(sus.resumed_at, tz)}"
            events.append((sus.suspended_at, {"kind": "event", "text": full_stop(text)}))
        for point in it.points_of_order:
            text = (f"At {un_time(point.raised_at, tz)}, the representative of "
                    f"{in_running_text(point.delegation, point.article)} raised a point of order")
            text += f" ({point.subject})." if point.subject else "."
            if point.ruling:
                ruling = point.ruling if point.ruling.lower().startswith(("the chair", "chair")) else f"The Chair ruled: {point.ruling}"
                text += " " + full_stop(ruling)
            events.append((point.raised_at, {"kind": "event", "text": text}))
        for decision in it.decisions:
            events.append((decision.at, {"kind": "event", "text": _decision_text(decision, tz, by_key)}))
        for gap in it.interruptions:
            events.append((gap.started_at, {"kind": "event", "text": _interruption_text(gap, tz)}))
        not_reached = [sp.delegation for sp in it.speakers if sp.status == "not reached"]
        items.append({
            "heading": f"Item {it.number}. {it.title}{span}",
            "paragraphs": [{"notes": [], **e} for _, e in sorted(events, key=lambda e: e[0])],
            "not_reached": f"Speakers inscribed but not reached: {'; '.join(not_reached)}." if not_reached else "",
            "notes": _note_lines(it.notes, it.references),
        })

    attendance_tables = _attendance_tables(rec, day)

    speaker_rows = []
    for it in rec.items:
        for sp in it.speakers:
            called = sp.called_at or (sp.failed_calls[0][0] if sp.failed_calls else None)
            allotted = "untimed" if sp.allotted_s is None else str(sp.limit_s if sp.limit_s is not None else sp.allotted_s)
            speaker_rows.append([
                str(sp.order), sp.item_number, sp.delegation + (f" (reply {sp.reply_number})" if sp.reply_number else ""),
                label(sp.category), sp.on_behalf_of or "—", label(sp.mode), _when(sp.inscribed_at, rec, day),
                _when(called, rec, day), un_time_range(sp.started_at, sp.ended_at, tz) if sp.started_at else "—",
                allotted, str(sp.used_s) if sp.started_at else "—", str(sp.overrun_s) if sp.started_at else "—",
                sp.status, "; ".join(f"{un_time(at, tz)} {FAILED_CALL_WORDS.get(k, k)}" for at, k in sp.failed_calls) or "—",
            ])

    statistics_tables = []
    all_speakers = [sp for it in rec.items for sp in it.speakers]
    scopes = [(f"Item {it.number}", it.speakers, it.number) for it in rec.items if any(sp.status == "spoke" for sp in it.speakers)]
    for caption, speakers, number in [*scopes, ("Whole meeting", all_speakers, None)]:
        stats = compute_statistics(speakers, number, m.settings.get("categories"))
        rows = [[label(r.key), str(r.spoke), str(r.not_reached), str(r.seconds), f"{r.share * 100:.1f} %",
                 f"{r.overruns} ({r.overrun_s} s)" if r.overruns else "0"] for r in stats.by_category]
        rows.append(["Total", str(sum(r.spoke for r in stats.by_category)), str(sum(r.not_reached for r in stats.by_category)),
                     str(stats.total_s), "100.0 %" if stats.total_s else "—", str(sum(r.overruns for r in stats.by_category))])
        mode_rows = [[label(r.key), str(r.spoke), str(r.not_reached), str(r.seconds), f"{r.share * 100:.1f} %",
                      f"{r.overruns} ({r.overrun_s} s)" if r.overruns else "0"] for r in stats.by_mode]
        replies = f" Rights of reply: {stats.replies} ({stats.reply_s} s), not counted above." if stats.replies else ""
        statistics_tables.append(_table(f"{caption}: floor time by category (list of speakers, pauses excluded).{replies}",
                                        ["Category", "Spoke", "Not reached", "Seconds", "Share", "Overruns"], "lrrrrr", rows))
        statistics_tables.append(_table(f"{caption}: by mode", ["Mode", "Spoke", "Not reached", "Seconds", "Share", "Overruns"],
                                        "lrrrrr", mode_rows))
    if recorded_participation(rec):
        statistics_tables.append(participation_counts_table(rec))
    # the whole meeting's figures as a bar chart (HTML and Word), when anyone had the floor
    chart = floor_chart(stats, "Whole meeting").as_dict() if stats.total_s else None

    log_rows = [[_when(e.at, rec, day), e.summary + (" (undone)" if e.undone_by else ""),
                 "yes" if e.accepted else "refused", e.actor] for e in rec.log]
    return _visible_strings({
        "document": document,
        "properties": _properties(rec, document),
        "title": m.title,
        "body": m.body,
        "mandate": m.mandate,
        "facts": facts,
        "people": people,
        "status": status,
        "revisions": [f"{_when(r.at, rec, day)}, {r.actor}: {r.summary}" for r in rec.revisions],
        "programme": _table("", ["Item", "Title", "Allotted", "Actual"], "llll", programme_rows),
        "called_to_order": full_stop(f"The meeting was called to order at {un_time(m.called_to_order_at, tz)}")
        if m.called_to_order_at else "The meeting has not been called to order.",
        "items": items,
        "rose": full_stop(f"The meeting rose at {un_time(m.rose_at, tz)}") if m.rose_at else "The meeting has not risen.",
        "annexes": [
            {"title": "Annex I. Attendance by category", "tables": attendance_tables},
            {"title": "Annex II. List of speakers",
             "tables": [_table("", ["#", "Item", "Delegation", "Category", "On behalf of", "Mode", "Inscribed at", "Called at",
                                    "From–to", "Allotted (s)", "Used (s)", "Overrun (s)", "Status", "Failed calls"],
                               "r" + "l" * 8 + "rrr" + "ll", speaker_rows)]},
            {"title": "Annex III. Procedural log",
             "tables": [_table("", ["Time", "Action", "Accepted", "By"], "llll", log_rows)]},
            {"title": "Annex IV. Speaking-time statistics", "tables": statistics_tables, "chart": chart},
            *_later_annexes(rec, day),
        ],
    })


#: The Roman numerals of the annexes after Annex IV.
_LATER_NUMERALS = ("V", "VI")


def recorded_participation(rec: MinutesRecord) -> bool:
    """Whether the meeting recorded accreditation decisions: a participant
    whose status is other than approved (the default). Only then do the
    minutes carry the Participation annex, its counts in Annex IV and the
    JSON's ``participation`` section: a meeting where everyone on the roster
    was approved says nothing more than its roster (Annex I)."""
    return any((p.participation_status or "approved") != "approved" for p in rec.participants)


def participation_tables(rec: MinutesRecord) -> list[dict[str, Any]]:
    """The Participation annex (issue 14): per category, who applied, who was
    invited, who was not and on what basis — every participant whose status
    is other than approved, with the date of the decision and its stated basis
    ("withdrew its application" is the organisation's own withdrawal, not a
    speaker's from a list)."""
    from models.procedure.participation import MINUTES_WORDS, STATUSES

    order = list(dict.fromkeys((*rec.meeting.settings.get("categories", []), *CATEGORIES,
                                *(p.category for p in rec.participants))))
    listed = sorted((p for p in rec.participants if (p.participation_status or "approved") != "approved"),
                    key=lambda p: (order.index(p.category), STATUSES.index(p.participation_status), fold(minutes_name(p))))
    rows = [[label(p.category), minutes_name(p), MINUTES_WORDS[p.participation_status],
             _iso_day(p.participation_on), p.participation_basis or "—"] for p in listed]
    return [_table("Participants whose participation was not simply approved, per the meeting's accreditation decisions "
                   "(the others on the roster were approved: Annex I)",
                   ["Category", "Participant", "Participation", "Decided on", "Basis"], "lllll", rows)]


def participation_counts_table(rec: MinutesRecord) -> dict[str, Any]:
    """Annex IV's table of accreditation by category (``models.statistics.participation``)."""
    from models.categories import PARTICIPATION_STATUSES
    from models.procedure.participation import WORDS
    from models.statistics import participation

    rows = [[label(r.key) if r.key != "total" else "Total", *(str(r.counts[s]) for s in PARTICIPATION_STATUSES),
             str(r.total)] for r in participation(rec.participants, rec.meeting.settings.get("categories"))]
    return _table("Participation by category (accreditation: Annex V)",
                  ["Category", *(WORDS[s].split(" (")[0].capitalize() for s in PARTICIPATION_STATUSES), "Total"],
                  "l" + "r" * (len(PARTICIPATION_STATUSES) + 1), rows)


def statement_tables(rec: MinutesRecord, day: date) -> list[dict[str, Any]]:
    """The Written statements annex: who, why it was written, the item, its
    title, when it was attached, its opening paragraph (the whole text is in
    the JSON record and found by search) and the SHA-256 of the file as
    attached, which anyone holding the file can check."""
    from models.procedure.written_statements import REASON_WORDS

    rows = [[w.name, REASON_WORDS.get(w.reason, w.reason), w.item_number or "—", w.title or "—",
             _when(w.attached_at, rec, day) + (" (revision)" if w.revision else ""), opening_paragraph(w.text),
             f"{w.file_name}; SHA-256 {w.sha256}"] for w in rec.statements]
    return [_table("Written statements of participants who did not take the floor, as submitted (the opening "
                   "paragraph; the whole text in the record)",
                   ["Participant", "Reason", "Item", "Title", "Attached", "Opening paragraph", "File"],
                   "lllllll", rows)]


#: Longest opening paragraph the Written statements annex quotes, in characters.
OPENING_CHARS = 600


def opening_paragraph(text: str) -> str:
    """The first non-blank paragraph of ``text`` on one line, cut at
    :data:`OPENING_CHARS` characters (at a word) with "…"."""
    first = next((p for p in re.split(r"\n\s*\n", text) if p.strip()), "")
    line = " ".join(first.split())
    if len(line) <= OPENING_CHARS:
        return line
    return line[:OPENING_CHARS].rsplit(" ", 1)[0] + " …"


def _iso_day(iso: str | None) -> str:
    """An ISO date as the minutes write it ("2 May 2026"); "—" for none."""
    if not iso:
        return "—"
    d = date.fromisoformat(iso)
    return f"{day_and_month(d)} {d.year}"


def _later_annexes(rec: MinutesRecord, day: date) -> list[dict[str, Any]]:
    """Annex V. Participation (where accreditation decisions were recorded)
    and the Written statements annex (where any was attached), numbered on
    from Annex IV in that order."""
    out = []
    if recorded_participation(rec):
        out.append(("Participation", participation_tables(rec)))
    if rec.statements:
        out.append(("Written statements", statement_tables(rec, day)))
    return [{"title": f"Annex {n}. {title}", "tables": tables} for n, (title, tables) in zip(_LATER_NUMERALS, out)]


def _attendance_tables(rec: MinutesRecord, day: date) -> list[dict[str, Any]]:
    """Annex I: the delegations present by category and mode (counts), who
    was present with the arrival time, and who registered but was not present.

    A delegation is counted once however many of its participants took the
    floor (a State speaking for a group and nationally), under the category
    of its participant in its own capacity (not on behalf of a group); the
    Chair and panellists count one by one (``models.procedure.attendance``).
    A delegation is present when one of its participants is
    (:attr:`MinutesRecord.attendance`), in person if one of them is, from the
    earliest arrival. Arrival times are given for arrivals after the call to
    order ("at the opening" before it)."""
    from models.procedure.attendance import INDIVIDUAL, attendance_key

    m = rec.meeting
    units: dict[str, dict[str, Any]] = {}
    for p in rec.participants:
        unit = units.setdefault(attendance_key(p), {"members": [], "mode": None, "arrived": None})
        unit["members"].append(p)
        mode, arrived = rec.attendance.get(p.key, (None, None))
        if mode:
            unit["mode"] = "in_person" if "in_person" in (mode, unit["mode"]) else mode
            if arrived is not None and (unit["arrived"] is None or arrived < unit["arrived"]):
                unit["arrived"] = arrived
    for unit in units.values():
        members = unit["members"]
        own = next((p for p in members if not p.on_behalf_of), members[0])
        unit["category"] = own.category
        unit["name"] = f"{own.speaker} ({own.delegation})" if own.category in INDIVIDUAL and own.speaker else own.delegation
        unit["registered"] = own.mode
    order = list(dict.fromkeys((*CATEGORIES, *m.settings.get("categories", []), *(u["category"] for u in units.values()))))
    # within a category, in alphabetical order of the names, as a list of participants reads
    by_category = {c: sorted((u for u in units.values() if u["category"] == c), key=lambda u: fold(u["name"]))
                   for c in order}
    count_rows = []
    totals = [0, 0, 0, 0]
    for cat, group in by_category.items():
        if not group:
            continue
        in_person = sum(1 for u in group if u["mode"] == "in_person")
        online = sum(1 for u in group if u["mode"] == "online")
        row = [in_person, online, in_person + online, len(group)]
        totals = [a + b for a, b in zip(totals, row)]
        count_rows.append([label(cat), *map(str, row), str(len(group) - in_person - online)])
    count_rows.append(["Total", *map(str, totals), str(totals[3] - totals[2])])
    opening = m.called_to_order_at

    def arrival(u: dict[str, Any]) -> str:
        if u["arrived"] is None:
            return "—"
        if opening is not None and u["arrived"] <= opening:
            return "at the opening"
        return _when(u["arrived"], rec, day)

    present_rows = [[label(cat), u["name"], label(u["mode"]), arrival(u)]
                    for cat, group in by_category.items() for u in group if u["mode"]]
    absent_rows = [[label(cat), u["name"], label(u["registered"])]
                   for cat, group in by_category.items() for u in group if not u["mode"]]
    tables = [
        _table("Delegations present, by category and mode (a delegation speaking for a group and nationally counts once; "
               "the Chair and panellists in their personal capacity)",
               ["Category", "In person", "Online", "Present", "Registered", "Not present"], "lrrrrr", count_rows),
        _table("Present (arrival as recorded by the secretariat, or when first given the floor)",
               ["Category", "Delegation", "Present", "Arrived"], "llll", present_rows),
    ]
    if absent_rows:
        tables.append(_table("Registered but not present", ["Category", "Delegation", "Registered"], "lll", absent_rows))
    return tables


def _document(rec: MinutesRecord) -> dict[str, str]:
    """The head of the minutes as a UN document: ``symbol``
    ("CTOC/COP/WG.7/2026/CRP.1"), ``distribution`` ("General"), ``date`` (the
    date of issue: the local date of the export, "2 July 2026"), ``original``
    ("English") and ``language`` ("en"), from the agenda's
    ``meeting.document`` (``Meeting.settings["document"]``). Without one,
    every value is "" but ``language`` ("en"): the head shows nothing."""
    d = rec.meeting.settings.get("document") or {}
    issued = wall(rec.generated_at, rec.tz).date()
    return {"symbol": d.get("symbol", ""), "distribution": d.get("distribution", ""),
            "date": f"{day_and_month(issued)} {issued.year}" if d else "", "original": d.get("original", ""),
            "language": d.get("language") or "en"}


def _properties(rec: MinutesRecord, document: dict[str, str]) -> dict[str, Any]:
    """What a Word file says of itself (File > Properties): ``title`` (the
    meeting's), ``subject`` (the body), ``author`` (the secretariat: the unit
    of its first member, else the name, else the body), ``language``,
    ``keywords`` and ``exported_at`` (aware UTC: created and modified)."""
    m = rec.meeting
    first = (m.secretariat or [{}])[0]
    author = first.get("unit") or first.get("name") or m.body or "Secretariat"
    keywords = "; ".join(k for k in ("minutes", document["symbol"], m.meeting_number and f"meeting {m.meeting_number}") if k)
    return {"title": m.title, "subject": m.body, "author": author, "language": document["language"],
            "keywords": keywords, "exported_at": rec.generated_at}


def _note_lines(notes: str, references: dict[str, str] | None = None) -> list[str]:
    """Notes as the minutes print them: control characters as symbols first
    (so a form feed or U+001C is shown, not read as a line end), then one
    entry per line, tags read as labels (``models.sentences.printed_lines``:
    "#recommendation States should …" → "Recommendation: States should …",
    topic tags at a sentence's head or end dropped, inner tags read as words),
    each registered sentence with its reference (``references``: text → ref,
    "Recommendation (CD-X/R3): States should …")."""
    return printed_lines(visible(notes, breaks=True).strip(), references)


def _visible_strings(value: Any) -> Any:
    """``value`` (the view: dicts, lists, tuples, strings) with every string's
    control characters shown as symbols (:func:`models.unstyle.visible`)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {k: _visible_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(type(v) is str for v in value) and not has_controls("".join(value)):
            return value  # a table row: one look at the whole row (a week's annexes are 400,000 strings)
        return [_visible_strings(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_visible_strings(v) for v in value)
    return value


def _table(caption: str, columns: list[str], align: str, rows: list[list[str]]) -> dict[str, Any]:
    return {"caption": caption, "columns": columns, "align": align, "rows": rows}
