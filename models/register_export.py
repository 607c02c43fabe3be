"""The register of recommendations of a series, and its exports (``floor
register SERIES``): Markdown, Word, CSV and JSON (issue 13).

Each entry is a recommendation, commitment or action point of a meeting of
the series (``models.register``), with its whole history across meetings, in
order of date: where it was made, every sentence that followed it up
(``#follows REF``, in any meeting of the database), and every status the
secretariat set (``models.procedure.register``, from the log of the series).
A delegation is named only where the meeting's record is attributed.

A non-attributed record names nobody in a published outcome (DOMAIN.md): a
sentence made or followed up at a non-attributed meeting that names a
participant of that meeting (the chair's summary's name check,
``models.names.roster_matcher``) is flagged (``Entry.names``,
``Event.names``). The exports of ``floor register`` (the secretariat's) keep
it and mark it (:func:`flag_words`); ``floor publish`` withholds it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import select

from models.exports import _PLACEHOLDER, _Bulk, json_escape_controls, spreadsheet_safe, write_atomically
from models.names import roster_matcher
from models.procedure.register import STATUSES
from models.register import LETTERS
from models.roster import fold
from models.sentences import KIND_TAGS
from models.store import Store
from models.tables import (
    AgendaItem,
    FollowUp,
    Intervention,
    Meeting,
    Participant,
    Recommendation,
    Series,
    SeriesLogEntry,
)
from models.unstyle import day_and_month, local, md_escape, visible

#: The formats of ``floor register``.
FORMATS = ("md", "docx", "csv", "json")
#: The columns of the CSV export, one row per event of an entry's history.
CSV_COLUMNS = ["ref", "kind", "meeting", "item", "date", "event", "status", "delegation", "text", "names"]


class RegisterError(ValueError):
    """The register cannot be made as asked (no such series, an unknown format); ``str`` says what to type."""


@dataclass(frozen=True)
class Event:
    """One step of an entry's history: ``on`` (the local date, ISO), ``what``
    ("made", "followed up", "status"), ``meeting_id`` and ``item_number``
    (None for a status), ``text`` (the sentence, or the status's reason),
    ``status`` (a key of ``STATUSES``, for a status), ``delegation``
    (attributed records only, else None) and ``names``: the participants
    its text names although its meeting's record is non-attributed (empty
    for a status or an attributed record)."""

    on: str
    what: str
    meeting_id: str | None
    item_number: str | None
    text: str
    status: str | None = None
    delegation: str | None = None
    names: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """One recommendation, commitment or action point: its ``ref``, ``kind``
    (a key of ``models.register.LETTERS``), where it was made
    (``meeting_id``, ``item_number``, ``made_on``: the meeting's local date,
    ISO), ``delegation`` (attributed records only), ``text``, its current
    ``status`` (with ``status_on`` and ``status_reason``), its ``history``
    (:class:`Event`, by date) and ``names``: the participants its text names
    although its meeting's record is non-attributed (rephrase before
    publishing; ``floor publish`` withholds it)."""

    ref: str
    kind: str
    meeting_id: str
    item_number: str
    made_on: str
    delegation: str | None
    text: str
    status: str
    status_on: str | None
    status_reason: str
    history: list[Event] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass
class Register:
    """The register of one series: its ``series_id``, ``title``, the ids of
    its meetings in order, its ``entries`` (by meeting, then kind and
    number) and the follow-ups that name no reference of the series
    (``unknown``: :class:`Event`, with the reference typed in ``status``)."""

    series_id: str
    title: str
    meetings: list[str]
    entries: list[Entry]
    unknown: list[tuple[str, Event]] = field(default_factory=list)
    find: str | None = None  # the words the entries were chosen by (``build_register``'s ``find``)


def _delegations(s, intervention_ids: set[int]) -> dict[int, str]:
    if not intervention_ids:
        return {}
    rows = s.exec(select(Intervention.id, Participant.delegation).join(
        Participant, Participant.id == Intervention.participant_id).where(Intervention.id.in_(intervention_ids))).all()
    return dict(rows)


def _name_finders(s, meetings: list[Meeting]) -> dict[str, object]:
    """For each non-attributed meeting of ``meetings``: the name matcher of its
    roster (and the words its agenda says to ignore), as the chair's summary checks."""
    ids = [m.id for m in meetings if m.record != "attributed"]
    if not ids:
        return {}
    rosters: dict[str, list[Participant]] = defaultdict(list)
    for p in s.exec(select(Participant).where(Participant.meeting_id.in_(ids))).all():
        rosters[p.meeting_id].append(p)
    return {m.id: roster_matcher(rosters[m.id], ((m.settings or {}).get("summary") or {}).get("ignore", ()))
            for m in meetings if m.id in ids}


def build_register(store: Store, series_id: str, find: str | None = None) -> Register:
    """The register of the series ``series_id`` (rules: module docstring),
    read in one snapshot. ``find``: only the entries whose text or history
    holds every word of it (accents and case ignored, a word's start is
    enough: "identif" finds "identification").

    Raises:
        RegisterError: no series with this id (the message lists the series there are).
    """
    with store.read() as s:
        series = s.get(Series, series_id)
        if series is None:
            known = s.exec(select(Series.id).order_by(Series.id)).all()
            raise RegisterError(f"No series '{series_id}' in this database"
                                + (f"; the series are: {', '.join(known)}" if known else "; it holds no series")
                                + " (floor series lists them)")
        meetings = s.exec(select(Meeting).where(Meeting.series_id == series_id)).all()
        meetings = sorted(meetings, key=lambda m: (m.series_number is None, m.series_number or 0, m.date, m.id))
        order = {m.id: i for i, m in enumerate(meetings)}
        recs = s.exec(select(Recommendation).where(Recommendation.meeting_id.in_(list(order)),
                                                   Recommendation.withdrawn_at.is_(None))).all()
        refs = {r.ref for r in recs}
        follows = s.exec(select(FollowUp).where(
            (FollowUp.ref.in_(refs)) | (FollowUp.meeting_id.in_(list(order))))).all() if order else []
        others = {f.meeting_id for f in follows} - set(order)
        by_id = {m.id: m for m in meetings}
        if others:
            by_id.update({m.id: m for m in s.exec(select(Meeting).where(Meeting.id.in_(others))).all()})
        items = {i.id: i.number for i in s.exec(select(AgendaItem).where(
            AgendaItem.id.in_({r.item_id for r in recs} | {f.item_id for f in follows}))).all()} if recs or follows else {}
        attributed = {mid for mid, m in by_id.items() if m.record == "attributed"}
        who = _delegations(s, {x.intervention_id for x in [*recs, *follows]
                               if x.intervention_id is not None and x.meeting_id in attributed})
        statuses = s.exec(select(SeriesLogEntry).where(SeriesLogEntry.series_id == series_id,
                                                       SeriesLogEntry.action == "recommendation_status")
                          .order_by(SeriesLogEntry.id)).all()
        finders = _name_finders(s, [by_id[mid] for mid in {x.meeting_id for x in [*recs, *follows]}])

    def names(meeting_id: str, text: str) -> list[str]:
        finder = finders.get(meeting_id)
        return finder.find(text) if finder is not None else []

    later: dict[str, list[Event]] = defaultdict(list)
    unknown: list[tuple[str, Event]] = []
    for f in sorted(follows, key=lambda f: (by_id[f.meeting_id].date, f.meeting_id, f.note_id, f.position)):
        event = Event(by_id[f.meeting_id].date, "followed up", f.meeting_id, items.get(f.item_id), f.text,
                      None, who.get(f.intervention_id) if f.intervention_id is not None else None,
                      names(f.meeting_id, f.text))
        if f.ref in refs:
            later[f.ref].append(event)
        elif f.meeting_id in order:
            unknown.append((f.ref, event))
    for row in statuses:
        d = row.detail
        later[d.get("ref", "")].append(Event(d.get("on", ""), "status", None, None, d.get("reason", ""),
                                             d.get("status")))
    entries = []
    for r in sorted(recs, key=lambda r: (order[r.meeting_id], list(LETTERS).index(r.kind), r.number)):
        m = by_id[r.meeting_id]
        delegation = who.get(r.intervention_id) if r.intervention_id is not None else None
        named = names(m.id, r.text)
        made = Event(m.date, "made", m.id, items.get(r.item_id), r.text, None, delegation, named)
        history = [made, *sorted(later.get(r.ref, []), key=lambda e: e.on)]  # stable: each kind keeps its order
        entries.append(Entry(r.ref, r.kind, m.id, items.get(r.item_id, ""), m.date, delegation, r.text,
                             r.status, r.status_on, r.status_reason, history, named))
    if find is not None:
        words = fold(find).split()
        entries = [e for e in entries if _holds(e, words)]
        unknown = []
    return Register(series_id, series.title, [m.id for m in meetings], entries, unknown, find)


def _holds(entry: Entry, words: list[str]) -> bool:
    hay = fold(" ".join([entry.ref, entry.text, *(h.text for h in entry.history)])).split()
    return all(any(w.startswith(word) for w in hay) for word in words)


# --------------------------------------------------------------------------- words


def _day(iso: str | None) -> str:
    """"12 May 2026" from an ISO date ("" stays "")."""
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return f"{day_and_month(d)} {d.year}"


def _where(e: Event) -> str:
    where = f"{e.meeting_id}, item {e.item_number}" if e.item_number else f"{e.meeting_id}"
    return where + (f" ({e.delegation})" if e.delegation else "")


def flag_words(names: list[str]) -> str:
    """The mark of a sentence that names participants of a non-attributed
    meeting: "⚠ names Mexico — non-attributed record: rephrase before
    publishing" ("" for no names)."""
    if not names:
        return ""
    return f"⚠ names {', '.join(names)} — non-attributed record: rephrase before publishing"


def _flagged(text: str, names: list[str]) -> str:
    return f"{text} {flag_words(names)}" if names else text


def event_words(e: Event, flag: bool = False) -> str:
    """One step of a history in words (plain text): "12 May 2026 — made at
    CD-X-01, item 3 (Argentina)", "… — status: taken up — reason";
    ``flag``: followed by :func:`flag_words` when it names participants."""
    if e.what == "status":
        return f"{_day(e.on)} — status: {STATUSES.get(e.status or '', e.status)} — {e.text}"
    words = f"{_day(e.on)} — {e.what} at {_where(e)}: {e.text}"
    return _flagged(words, e.names) if flag else words


def _counts(reg: Register, escape=lambda text: text) -> str:
    kinds = defaultdict(int)
    for e in reg.entries:
        kinds[e.kind] += 1
    parts = [f"{n} {KIND_TAGS[k].lower()}{'s' if n != 1 else ''}" for k in LETTERS if (n := kinds[k])]
    if reg.find is not None:
        return f"holding \"{escape(reg.find)}\": " + (", ".join(parts) if parts else "none")
    return ", ".join(parts) if parts else "no recommendation yet"


# --------------------------------------------------------------------------- exports


def render_markdown(reg: Register, now: datetime, timezone: str = "UTC") -> str:
    """The register as Markdown: a summary table, then each entry with its
    text, status and history. ``now`` (aware UTC): the date printed."""
    out = [f"# Register of recommendations — {md_escape(reg.title or reg.series_id)}", "",
           f"Series {md_escape(reg.series_id)}: {len(reg.meetings)} meeting{'s' if len(reg.meetings) != 1 else ''}"
           f" ({md_escape(', '.join(reg.meetings)) or 'none'}); {_counts(reg, md_escape)}. "
           f"As of {_day(local(now, timezone).date().isoformat())}.", ""]
    if reg.entries:
        out += ["| Reference | Kind | Made at | Status |", "| --- | --- | --- | --- |"]
        for e in reg.entries:
            status = STATUSES.get(e.status, e.status) + (f" ({_day(e.status_on)})" if e.status_on else "")
            out.append(f"| {md_escape(e.ref)} | {KIND_TAGS[e.kind]} | {md_escape(e.meeting_id)}, item "
                       f"{md_escape(e.item_number)} | {status} |")
        out.append("")
    for e in reg.entries:
        out += [f"## {md_escape(e.ref)} — {KIND_TAGS[e.kind]}", "", md_escape(_flagged(e.text, e.names)), "",
                f"Status: **{STATUSES.get(e.status, e.status)}**"
                + (f", decided on {_day(e.status_on)}: {md_escape(e.status_reason)}" if e.status_on else "."), "",
                "History:", ""]
        out += [f"{n}. {md_escape(event_words(h, flag=True))}" for n, h in enumerate(e.history, 1)] + [""]
    if reg.unknown:
        out += ["## Follow-ups naming no reference of this series", ""]
        out += [f"- {md_escape(ref)}: {md_escape(event_words(e, flag=True))}" for ref, e in reg.unknown] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_csv(reg: Register) -> str:
    """One row per step of each entry's history (columns :data:`CSV_COLUMNS`);
    dates ISO; cells safe from spreadsheet formulas; ``names``: the
    :func:`flag_words` of a sentence naming participants of a non-attributed meeting."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in reg.entries:
        for h in e.history:
            writer.writerow([spreadsheet_safe(v) for v in [
                e.ref, e.kind, h.meeting_id or "", h.item_number or "", h.on, h.what,
                h.status or (e.status if h.what == "made" else ""), h.delegation or "", h.text, flag_words(h.names)]])
    return out.getvalue()


def register_dict(reg: Register) -> dict:
    """The register as JSON-ready data: series, title, meetings, entries (each
    with its history) and follow-ups naming no reference of the series."""
    return {"series": reg.series_id, "title": reg.title, "meetings": reg.meetings,
            "entries": [asdict(e) for e in reg.entries],
            "unknown_references": [{"ref": ref, **asdict(e)} for ref, e in reg.unknown]}


def write_docx(reg: Register, path: str | Path, now: datetime, timezone: str = "UTC") -> Path:
    """The register as a Word document (python-docx): title, a summary table,
    then each entry with its history as a numbered list; written atomically.
    Every text is shown through :func:`models.unstyle.visible` (a control
    character as its symbol, as the other formats show it).

    python-docx writes the title, the table's header and one paragraph or row
    of each kind; the entries are copies of those, streamed into the saved
    file (``models.exports._Bulk``, as the minutes' bulk is). Element by
    element through python-docx, 2,500 entries took about 40 s (every style
    looked up by name, every paragraph inserted before the section's end).
    """
    from docx import Document

    v = visible  # every text of the data: a control character (a reason typed with one) never breaks the XML
    doc = Document()
    bulk = _Bulk(doc)
    doc.add_heading(v(f"Register of recommendations — {reg.title or reg.series_id}"), level=1)
    doc.add_paragraph(v(f"Series {reg.series_id}: {len(reg.meetings)} meetings ({', '.join(reg.meetings) or 'none'}); "
                        f"{_counts(reg)}. As of {_day(local(now, timezone).date().isoformat())}."))
    if reg.entries:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Reference", "Kind", "Made at", "Status")):
            cell.text = text
        template = table.add_row()  # cell.text = … for each cell, its text a placeholder
        for cell in template.cells:
            cell.text = _PLACEHOLDER
        table._tbl.remove(template._tr)
        bulk.here(table._tbl).extend(
            (template._tr, (v(e.ref), KIND_TAGS[e.kind], v(f"{e.meeting_id}, item {e.item_number}"),
                            STATUSES.get(e.status, e.status))) for e in reg.entries)
    heading, plain = bulk.paragraph(style="Heading 2"), bulk.paragraph()  # add_heading(…, 2), add_paragraph(…)
    numbered, bullet = bulk.paragraph(style="List Number"), bulk.paragraph(style="List Bullet")
    here = bulk.here(doc.element.body)
    for e in reg.entries:
        here += [(heading, (v(f"{e.ref} — {KIND_TAGS[e.kind]}"),)), (plain, (v(_flagged(e.text, e.names)),)),
                 (plain, (v(f"Status: {STATUSES.get(e.status, e.status)}"
                            + (f", decided on {_day(e.status_on)}: {e.status_reason}" if e.status_on else ".")),))]
        here += [(numbered, (v(event_words(h, flag=True)),)) for h in e.history]
    if reg.unknown:
        here.append((heading, ("Follow-ups naming no reference of this series",)))
        here += [(bullet, (v(f"{ref}: {event_words(e, flag=True)}"),)) for ref, e in reg.unknown]
    return bulk.save(path)


def series_timezone(store: Store, reg: Register) -> str:
    """The time zone of the series' last meeting (UTC for a series without meetings)."""
    if not reg.meetings:
        return "UTC"
    with store.read() as s:
        last = s.get(Meeting, reg.meetings[-1])
        return last.timezone if last is not None else "UTC"


def export_register(store: Store, series_id: str, fmt: str, path: str | Path, now: datetime,
                    find: str | None = None) -> Path:
    """Write the register of ``series_id`` in ``fmt`` (:data:`FORMATS`) to
    ``path``, atomically; dates in the time zone of the series' last meeting;
    ``find``: as for :func:`build_register`.

    Raises:
        RegisterError: no such series, or an unknown format.
    """
    if fmt not in FORMATS:
        raise RegisterError(f"unknown format '{fmt}'; expected one of: {', '.join(FORMATS)}")
    reg = build_register(store, series_id, find)
    timezone = series_timezone(store, reg)
    if fmt == "md":
        return write_atomically(path, render_markdown(reg, now, timezone))
    if fmt == "csv":
        return write_atomically(path, render_csv(reg), newline="")
    if fmt == "docx":
        return write_docx(reg, path, now, timezone)
    return write_atomically(path, json_escape_controls(json.dumps(register_dict(reg), ensure_ascii=False, indent=2))
                            + "\n")
