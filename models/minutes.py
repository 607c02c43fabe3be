"""Minutes of a meeting: one model of the record, rendered to Markdown.

:func:`build_minutes` reads the database into a :class:`MinutesRecord` (plain
data, every figure computed once); :func:`render_markdown` writes the
skeleton of ../shared/DOMAIN.md ("Minutes"): header, programme with allotted
and actual times, "The meeting was called to order at …", the interventions
of each item with the rapporteur's notes and any suspension, "The meeting rose
at …", Annex I (attendance), Annex II (list of speakers), Annex III
(procedural log). Times are the meeting's local times in UN style.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import select

from models.categories import CATEGORIES, MODES, label
from models.state import Entry, order_for_display
from models.store import Store
from models.tables import (
    AgendaItem,
    Intervention,
    InterventionStatus,
    LogEntry,
    Meeting,
    MeetingState,
    Participant,
    PointOfOrder,
    Suspension,
)
from models.timing import limit_seconds, overrun_seconds, paused_seconds, used_seconds
from models.unstyle import duration_words, un_day, un_time, un_time_range

STATUS_WORDS = {
    InterventionStatus.SPOKE: "spoke",
    InterventionStatus.SPEAKING: "speaking",
    InterventionStatus.WAITING: "not reached",
    InterventionStatus.NOT_REACHED: "not reached",
    InterventionStatus.NOT_PRESENT: "not present",
    InterventionStatus.WITHDREW: "withdrew",
}
FAILED_CALL_WORDS = {"absent": "absent", "not_connected": "not connected"}


@dataclass
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
    decisions: list[LogEntry] = field(default_factory=list)  # list closed/ended, limits changed


@dataclass
class PointRecord:
    """A point of order as the minutes report it."""

    delegation: str
    speaker: str
    subject: str
    ruling: str
    raised_at: datetime
    started_at: datetime | None
    ended_at: datetime | None


@dataclass
class MinutesRecord:
    """Everything the minutes say, computed once for every output format."""

    meeting: Meeting
    items: list[ItemRecord]
    participants: list[Participant]
    suspensions: list[Suspension]
    log: list[LogEntry]
    generated_at: datetime

    @property
    def tz(self) -> str:
        """The meeting's IANA time zone."""
        return self.meeting.timezone


def build_minutes(store: Store, meeting_id: str, now: datetime) -> MinutesRecord:
    """Read a meeting into a :class:`MinutesRecord`.

    ``now`` (aware UTC) is used for an intervention still running.

    Raises:
        KeyError: no meeting with this id.
    """
    with store.read() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise KeyError(meeting_id)
        items = list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)))
        participants = list(s.exec(select(Participant).where(Participant.meeting_id == meeting_id).order_by(Participant.id)))
        by_id = {p.id: p for p in participants}
        suspensions = list(
            s.exec(select(Suspension).where(Suspension.meeting_id == meeting_id).order_by(Suspension.suspended_at))
        )
        log = list(s.exec(select(LogEntry).where(LogEntry.meeting_id == meeting_id).order_by(LogEntry.id)))
        records: list[ItemRecord] = []
        order = 0
        for item in items:
            ivs = list(s.exec(select(Intervention).where(Intervention.item_id == item.id)))
            entries = order_for_display([Entry(iv, by_id[iv.participant_id]) for iv in ivs])
            rec = ItemRecord(
                number=item.number,
                title=item.title,
                allotted_s=item.allotted_s,
                started_at=item.started_at,
                ended_at=item.ended_at,
                notes=item.notes,
                suspensions=[x for x in suspensions if x.item_id == item.id],
            )
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
                        status=status,
                        inscribed_at=iv.inscribed_at,
                        called_at=iv.called_at,
                        started_at=iv.started_at,
                        ended_at=iv.ended_at,
                        allotted_s=iv.allotted_s,
                        limit_s=limit_seconds(iv),
                        used_s=round(used_seconds(iv, now)),
                        paused_s=round(paused_seconds(iv, now)),
                        overrun_s=overrun_seconds(iv, now),
                        failed_calls=[(datetime.fromisoformat(f["at"]), f["kind"]) for f in iv.failed_calls],
                        notes=iv.notes,
                        reply_number=iv.reply_number,
                    )
                )
            for point in s.exec(
                select(PointOfOrder).where(PointOfOrder.item_id == item.id).order_by(PointOfOrder.raised_at)
            ):
                raiser = by_id[point.participant_id]
                rec.points_of_order.append(
                    PointRecord(raiser.delegation, raiser.speaker, point.subject, point.ruling, point.raised_at,
                                point.started_at, point.ended_at)
                )
            rec.decisions = [
                e for e in log if e.item_id == item.id and e.undone_by is None and e.action in _DECISIONS
            ]
            records.append(rec)
    return MinutesRecord(meeting, records, participants, suspensions, log, now)


#: Log actions that the minutes narrate under their item.
_DECISIONS = {"list_closed", "list_reopened", "list_ended", "limits_changed", "point_of_order_refused"}


def _decision_text(entry: LogEntry, tz: str) -> str:
    at = un_time(entry.at, tz)
    d = entry.detail
    if entry.action == "list_closed":
        return _sentence(f"The list of speakers was closed at {at}")
    if entry.action == "list_reopened":
        return _sentence(f"The list of speakers was reopened at {at}")
    if entry.action == "list_ended":
        return f"At {at} the Chair ended the list of speakers."
    if entry.action == "point_of_order_refused":
        allowed = ", ".join(label(c) for c in d.get("allowed", []))
        who = d.get("delegation") or d.get("participant", "")
        return md_escape(f"At {at} a request by {who} to raise a point of order was not granted (only: {allowed}).")
    # limits_changed
    changes = d.get("changes") or {}
    olds = {old for old, _ in changes.values()}
    if d.get("cap_s") is not None:
        new = duration_words(d["cap_s"])
        if len(olds) == 1:
            return f"At {at} the Chair reduced the speaking time for all remaining speakers from {duration_words(olds.pop())} to {new}."
        return f"At {at} the Chair limited the speaking time of all remaining speakers to {new}."
    return md_escape(
        f"At {at} the Chair set the speaking time of {label(d.get('category') or '')} speakers to {duration_words(d.get('value_s') or 0)}."
    )


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = set("\\`*_[]<>|#")


def md_escape(text: str) -> str:
    """Escape Markdown/HTML syntax in data (names, notes) so it prints literally."""
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    return out


def _cell(text: str) -> str:
    return md_escape(" ".join(text.split())) if text else "—"


def _ordinal_word(n: int | None) -> str:
    return {1: "first", 2: "second"}.get(n or 0, f"{n}th")


def _sentence(text: str) -> str:
    """End ``text`` with one full stop ("… at 3.07 p.m." takes no second one)."""
    return text if text.endswith(".") else text + "."


def _attribution(sp: SpeakerRecord) -> str:
    if sp.category == "chair":
        return md_escape(f"The Chair ({sp.speaker})" if sp.speaker else "The Chair")
    who = f"{sp.speaker} ({sp.delegation})" if sp.speaker else f"The representative of {sp.delegation}"
    if sp.on_behalf_of:
        who += f", speaking on behalf of the {sp.on_behalf_of}" if not sp.on_behalf_of.lower().startswith("the ") else f", speaking on behalf of {sp.on_behalf_of}"
    return md_escape(who)


def _minutes_words(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if not rest else f"{minutes} min {rest} s"


def _when(instant: datetime | None, rec: MinutesRecord, meeting_day: date) -> str:
    if instant is None:
        return "—"
    from models.unstyle import local

    t = local(instant, rec.tz)
    text = un_time(instant, rec.tz)
    if t.date() != meeting_day:
        text = f"{t.format('D MMMM')}, {text}"
    return text


def render_markdown(rec: MinutesRecord) -> str:
    """Render the minutes as Markdown (UTF-8 text, LF line ends)."""
    m, tz = rec.meeting, rec.tz
    day = date.fromisoformat(m.date)
    lines: list[str] = []
    add = lines.append

    # Header
    if m.body:
        add(f"# {md_escape(m.body)}")
        add("")
        add(f"## {md_escape(m.title)}")
    else:
        add(f"# {md_escape(m.title)}")
    add("")
    if m.mandate:
        add(f"*{md_escape(m.mandate)}*")
        add("")
    hours = un_time_range(m.scheduled_start, m.scheduled_end, tz) if m.scheduled_start else ""
    facts = [f"Meeting {md_escape(m.meeting_number)}" if m.meeting_number else "", md_escape(m.place),
             un_day(_pendulum_date(day)), f"scheduled {hours}" if hours else "", label(m.modality)]
    add(" · ".join(f for f in facts if f))
    add("")
    if m.chair_name or m.chair_delegation:
        chair = m.chair_name + (f" ({m.chair_delegation})" if m.chair_delegation else "")
        add(f"- **Chair:** {md_escape(chair)}")
    if m.secretariat:
        people = "; ".join(p["name"] + (f" ({p['unit']})" if p.get("unit") else "") for p in m.secretariat)
        add(f"- **Secretariat:** {md_escape(people)}")
    if m.rapporteur:
        r = m.rapporteur
        add(f"- **Rapporteur:** {md_escape(r.get('name', '') + (' (' + r['unit'] + ')' if r.get('unit') else ''))}")
    add("- **Status:** draft — not an official record")
    add("")

    # Programme
    add("## Programme")
    add("")
    add("| Item | Title | Allotted | Actual |")
    add("| --- | --- | --- | --- |")
    for it in rec.items:
        actual = "not taken up"
        if it.started_at:
            actual = un_time_range(it.started_at, it.ended_at, tz)
            if it.ended_at:
                actual += f" ({_minutes_words(round((it.ended_at - it.started_at).total_seconds()))})"
        add(f"| {_cell(it.number)} | {_cell(it.title)} | {_minutes_words(it.allotted_s)} | {actual} |")
    add("")

    # Proceedings
    add("## Proceedings")
    add("")
    if m.called_to_order_at:
        add(_sentence(f"The meeting was called to order at {un_time(m.called_to_order_at, tz)}"))
    else:
        add("The meeting has not been called to order.")
    add("")
    for it in rec.items:
        if it.started_at is None and not any(sp.status == "spoke" for sp in it.speakers):
            continue
        span = f" ({un_time_range(it.started_at, it.ended_at, tz)})" if it.started_at else ""
        add(f"### Item {md_escape(it.number)}. {md_escape(it.title)}{span}")
        add("")
        events: list[tuple[datetime, str]] = []
        for sp in it.speakers:
            for at, kind in sp.failed_calls:
                words = "was not present" if kind == "absent" else "could not be connected"
                events.append((at, f"{md_escape(sp.delegation)} was called at {un_time(at, tz)} but {words}."))  # noqa: E501
            if sp.started_at is None:
                continue
            timing = un_time_range(sp.started_at, sp.ended_at, tz)
            figures = f"{sp.used_s} s"
            if sp.limit_s is not None:
                figures += f" of {sp.limit_s} s"
            if sp.overrun_s:
                figures += f", overrun {sp.overrun_s} s"
            if sp.paused_s:
                figures += f", paused {sp.paused_s} s (not charged)"
            reply = f", in exercise of the right of reply ({_ordinal_word(sp.reply_number)})" if sp.reply_number else ""
            text = f"**{_attribution(sp)}**{reply} ({timing}; {figures})"
            if sp.notes.strip():
                body = "\n".join(f"> {md_escape(line)}" if line.strip() else ">" for line in sp.notes.strip().splitlines())
                text += "\n\n" + body
            else:
                text += "\n\n> *(no notes)*"
            events.append((sp.started_at, text))
        for sus in it.suspensions:
            if sus.resumed_at:
                events.append((sus.suspended_at, _sentence(f"The meeting was suspended at {un_time(sus.suspended_at, tz)} and resumed at {un_time(sus.resumed_at, tz)}")))
            else:
                events.append((sus.suspended_at, _sentence(f"The meeting was suspended at {un_time(sus.suspended_at, tz)}")))
        for point in it.points_of_order:
            who = f"the representative of {point.delegation}"
            text = f"At {un_time(point.raised_at, tz)}, {who} raised a point of order"
            text += f" ({point.subject})." if point.subject else "."
            if point.ruling:
                text += f" {point.ruling}" if point.ruling.endswith(".") else f" {point.ruling}."
            events.append((point.raised_at, md_escape(text[0].upper() + text[1:])))
        for decision in it.decisions:
            events.append((decision.at, _decision_text(decision, tz)))
        for _, text in sorted(events, key=lambda e: e[0]):
            add(text)
            add("")
        not_reached = [sp for sp in it.speakers if sp.status == "not reached"]
        if not_reached:
            names = "; ".join(md_escape(sp.delegation) for sp in not_reached)
            add(f"Speakers inscribed but not reached: {names}.")
            add("")
        if it.notes.strip():
            add("*Rapporteur's notes on the item:*")
            add("")
            for line in it.notes.strip().splitlines():
                add(f"> {md_escape(line)}" if line.strip() else ">")
            add("")
    if m.rose_at:
        add(_sentence(f"The meeting rose at {un_time(m.rose_at, tz)}"))
    else:
        add("The meeting has not risen.")
    add("")

    # Annex I: attendance
    add("## Annex I. Attendance by category")
    add("")
    add("| Category | " + " | ".join(label(x).capitalize() for x in MODES) + " | Total |")
    add("| --- | " + " | ".join("---:" for _ in MODES) + " | ---: |")
    counts = Counter((p.category, p.mode) for p in rec.participants)
    cats = [c for c in (*CATEGORIES, *m.settings.get("categories", [])) if any(k[0] == c for k in counts)]
    for cat in dict.fromkeys(cats):
        row = [counts[(cat, mode)] for mode in MODES]
        add(f"| {label(cat)} | " + " | ".join(str(n) for n in row) + f" | {sum(row)} |")
    totals = [sum(n for (c, mo), n in counts.items() if mo == mode) for mode in MODES]
    add("| **Total** | " + " | ".join(f"**{n}**" for n in totals) + f" | **{sum(totals)}** |")
    add("")

    # Annex II: list of speakers
    add("## Annex II. List of speakers")
    add("")
    add("| # | Item | Delegation | Category | On behalf of | Mode | Inscribed at | Called at | From–to | Allotted (s) | Used (s) | Overrun (s) | Status | Failed calls |")
    add("| ---: | --- | --- | --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |")
    for it in rec.items:
        for sp in it.speakers:
            span = un_time_range(sp.started_at, sp.ended_at, tz) if sp.started_at else "—"
            failed = "; ".join(f"{un_time(at, tz)} {FAILED_CALL_WORDS.get(kind, kind)}" for at, kind in sp.failed_calls) or "—"
            allotted = "untimed" if sp.allotted_s is None else str(sp.limit_s if sp.limit_s is not None else sp.allotted_s)
            add(
                f"| {sp.order} | {_cell(sp.item_number)} | {_cell(sp.delegation)} | {label(sp.category)} | {_cell(sp.on_behalf_of)} "
                f"| {label(sp.mode)} | {_when(sp.inscribed_at, rec, day)} | {_when(sp.called_at or (sp.failed_calls[0][0] if sp.failed_calls else None), rec, day)} "
                f"| {span} | {allotted} | {sp.used_s if sp.started_at else '—'} | {sp.overrun_s if sp.started_at else '—'} | {sp.status} | {failed} |"
            )
    add("")

    # Annex III: procedural log
    add("## Annex III. Procedural log")
    add("")
    add("| Time | Action | Accepted | By |")
    add("| --- | --- | --- | --- |")
    for entry in rec.log:
        summary = entry.summary + (" (undone)" if entry.undone_by else "")
        add(f"| {_when(entry.at, rec, day)} | {_cell(summary)} | {'yes' if entry.accepted else 'refused'} | {_cell(entry.actor)} |")
    add("")
    return "\n".join(lines)


def _pendulum_date(day: date):
    import pendulum

    return pendulum.date(day.year, day.month, day.day)


def write_atomically(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file; an existing file is replaced
    only once the new one is complete. Returns the path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def export_minutes(store: Store, meeting_id: str, path: str | Path, now: datetime, fmt: str = "md") -> Path:
    """Export the minutes of a meeting to ``path`` (atomically).

    Args:
        fmt: "md" (Markdown). Other formats come with the exports issue.

    Raises:
        KeyError: no such meeting. ValueError: unknown format.
    """
    if fmt != "md":
        raise ValueError(f"unknown minutes format '{fmt}'; expected: md")
    return write_atomically(path, render_markdown(build_minutes(store, meeting_id, now)))
