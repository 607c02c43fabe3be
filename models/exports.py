"""Exports of a meeting: minutes in Markdown, HTML, plain text and Word, and the
record as CSV and JSON — all from one model (``models.minutes.minutes_view``).

Minutes are rendered through the Jinja2 templates in ``models/templates``; a
secretariat may pass its own (``--template FILE``) for Markdown, HTML and
text. Names and notes are data: escaped for Markdown and HTML, never evaluated
as template code, and a CSV cell that a spreadsheet would read as a formula
(``=``, ``+``, ``-``, ``@`` first) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from models.minutes import (
    MinutesRecord,
    atomic_target,
    build_minutes,
    md_escape,
    minutes_view,
    write_atomically,
)
from models.store import Store

#: Formats ``export`` writes, with their file suffix.
FORMATS: dict[str, str] = {
    "md": ".md", "html": ".html", "txt": ".txt", "docx": ".docx", "csv": ".csv", "json": ".json",
    "summary": "-summary.md",  # the chair's summary (non-attributed), Markdown
}
TEMPLATES = Path(__file__).with_name("templates")
JSON_SCHEMA = Path(__file__).with_name("record.schema.json")


class Raw(str):
    """Text already in the output format (a rendered table): not escaped again."""


def _md_table(t: dict[str, Any]) -> Raw:
    def cell(text: str) -> str:
        return md_escape(" ".join(str(text).split())) if str(text).strip() else "—"

    align = {"l": "---", "r": "---:"}
    lines = ["| " + " | ".join(cell(c) for c in t["columns"]) + " |",
             "| " + " | ".join(align.get(a, "---") for a in t["align"][: len(t["columns"])].ljust(len(t["columns"]), "l")) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in t["rows"]]
    return Raw("\n".join(lines) + "\n")


def _txt_table(t: dict[str, Any]) -> Raw:
    rows = [t["columns"], *t["rows"]]
    widths = [min(48, max(len(str(r[i])) for r in rows)) for i in range(len(t["columns"]))]

    def fmt(row: list[str]) -> str:
        cells = []
        for i, value in enumerate(row):
            text = str(value)
            text = text if len(text) <= widths[i] else text[: widths[i] - 1] + "…"
            cells.append(text.rjust(widths[i]) if t["align"][i : i + 1] == "r" else text.ljust(widths[i]))
        return "  ".join(cells).rstrip()

    lines = [fmt(t["columns"]), "  ".join("-" * w for w in widths)] + [fmt(r) for r in t["rows"]]
    return Raw("\n".join(lines) + "\n")


def _html_table(t: dict[str, Any]):
    from markupsafe import Markup, escape

    def cls(i: int) -> str:
        return ' class="r"' if t["align"][i : i + 1] == "r" else ""

    parts = ["<table>"]
    if t["caption"]:
        parts.append(f"<caption>{escape(t['caption'])}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th{cls(i)}>{escape(c)}</th>" for i, c in enumerate(t["columns"])) + "</tr></thead><tbody>")
    for row in t["rows"]:
        parts.append("<tr>" + "".join(f"<td{cls(i)}>{escape(v)}</td>" for i, v in enumerate(row)) + "</tr>")
    parts.append("</tbody></table>")
    return Markup("\n".join(parts))


def _environment(fmt: str, template: str | Path | None):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = Path(template).resolve().parent if template else TEMPLATES
    if fmt == "html":
        env = Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                          keep_trailing_newline=True)
        env.globals["table"] = _html_table
    else:
        def finalize(value: Any) -> Any:
            if isinstance(value, Raw) or fmt == "txt":
                return value
            return md_escape(str(value)) if isinstance(value, str) else value

        env = Environment(loader=FileSystemLoader(folder), autoescape=False, finalize=finalize,
                          undefined=StrictUndefined, keep_trailing_newline=True)
        env.globals["table"] = _md_table if fmt == "md" else _txt_table
    return env


def render_text(view: dict[str, Any], fmt: str, template: str | Path | None = None) -> str:
    """Render the minutes view as "md", "html" or "txt" through a Jinja2 template.

    Args:
        template: a template file of the secretariat's own (same variables as
            ``models/templates/minutes.FMT.j2``); default: Floor's.

    Raises:
        ValueError: an unknown format. jinja2.TemplateError: a broken template.
    """
    if fmt not in ("md", "html", "txt"):
        raise ValueError(f"no text template for format '{fmt}'")
    env = _environment(fmt, template)
    name = Path(template).name if template else f"minutes.{fmt}.j2"
    text = env.get_template(name).render(**view)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"


# --------------------------------------------------------------------------- Word


def write_docx(view: dict[str, Any], path: str | Path) -> Path:
    """Write the minutes as a Word document (python-docx): real headings,
    styles and tables, A4, written atomically. Returns the path."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)

    if view["body"]:
        doc.add_heading(view["body"], level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_heading(view["title"], level=0 if not view["body"] else 1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (view["mandate"], view["facts"]):
        if text:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).italic = True
    for name, text in view["people"]:
        p = doc.add_paragraph()
        p.add_run(f"{name}: ").bold = True
        p.add_run(text)
    if view["revisions"]:
        doc.add_heading("Revisions after the record was finalized", level=2)
        for r in view["revisions"]:
            doc.add_paragraph(r, style="List Bullet")

    doc.add_heading("Programme", level=2)
    _docx_table(doc, view["programme"])
    doc.add_heading("Proceedings", level=2)
    doc.add_paragraph(view["called_to_order"])
    for item in view["items"]:
        doc.add_heading(item["heading"], level=3)
        for para in item["paragraphs"]:
            if para["kind"] == "speaker":
                p = doc.add_paragraph()
                p.add_run(para["who"]).bold = True
                p.add_run(f"{para['extra']} ({para['figures']})")
                notes = doc.add_paragraph("\n".join(para["notes"]) if para["notes"] else "(no notes)", style="Quote")
                notes.paragraph_format.left_indent = Mm(8)
            else:
                doc.add_paragraph(para["text"])
        if item["not_reached"]:
            doc.add_paragraph(item["not_reached"])
        if item["notes"]:
            doc.add_paragraph().add_run("Rapporteur's notes on the item:").italic = True
            doc.add_paragraph("\n".join(item["notes"]), style="Quote")
    doc.add_paragraph(view["rose"])

    for annex in view["annexes"]:
        landscape = annex["title"].startswith("Annex II.")
        if landscape:  # the list of speakers needs the width of a landscape page
            new = doc.add_section()
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = Mm(297), Mm(210)
        doc.add_heading(annex["title"], level=2)
        for t in annex["tables"]:
            if t["caption"]:
                doc.add_paragraph().add_run(t["caption"]).italic = True
            _docx_table(doc, t, small=landscape)
        if landscape:
            back = doc.add_section()
            back.orientation = WD_ORIENT.PORTRAIT
            back.page_width, back.page_height = Mm(210), Mm(297)

    with atomic_target(path) as tmp:
        doc.save(str(tmp))
    return Path(path)


def _docx_table(doc, t: dict[str, Any], small: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    table = doc.add_table(rows=1, cols=len(t["columns"]))
    table.style = "Table Grid"
    table.autofit = False
    size = Pt(7 if small else 9)
    # column widths in proportion to their longest text (capped), over the page's text width
    weights = [min(40, max(6, len(str(t["columns"][i])), *(len(str(r[i])) for r in t["rows"]))) for i in range(len(t["columns"]))]
    total_mm = 261 if small else 174
    widths = [Mm(total_mm * w / sum(weights)) for w in weights]
    for column, width in zip(table.columns, widths):
        column.width = width  # the table grid, which LibreOffice and Word read
    for i, name in enumerate(t["columns"]):
        cell = table.rows[0].cells[i]
        cell.width = widths[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, size
    for row in t["rows"]:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].width = widths[i]
            run = cells[i].paragraphs[0].add_run(str(value))
            run.font.size = size
            if t["align"][i : i + 1] == "r":
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


# --------------------------------------------------------------------------- data


CSV_COLUMNS = ["item", "order", "delegation", "category", "on_behalf_of", "mode", "kind", "inscribed_at", "called_at",
               "start", "end", "allotted_s", "used_s", "paused_s", "overrun_s", "status", "failed_calls", "notes"]


def _spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _iso_local(instant: datetime | None, tz: str) -> str:
    if instant is None:
        return ""
    from models.unstyle import local

    return local(instant, tz).replace(microsecond=0).isoformat()


def render_csv(rec: MinutesRecord) -> str:
    """One row per intervention (columns: :data:`CSV_COLUMNS`); times ISO 8601 with
    the meeting's UTC offset; seconds as whole numbers; used excludes pauses."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    tz = rec.tz
    for item in rec.items:
        for sp in item.speakers:
            writer.writerow([_spreadsheet_safe(v) for v in [
                item.number, sp.order, sp.delegation, sp.category, sp.on_behalf_of, sp.mode,
                "reply" if sp.reply_number else "statement", _iso_local(sp.inscribed_at, tz), _iso_local(sp.called_at, tz),
                _iso_local(sp.started_at, tz), _iso_local(sp.ended_at, tz), "" if sp.allotted_s is None else sp.limit_s,
                sp.used_s if sp.started_at else "", sp.paused_s if sp.started_at else "", sp.overrun_s if sp.started_at else "",
                sp.status, "; ".join(f"{_iso_local(at, tz)} {kind}" for at, kind in sp.failed_calls), sp.notes,
            ]])
    return out.getvalue()


def record_dict(rec: MinutesRecord) -> dict[str, Any]:
    """The whole record of the meeting as JSON-ready data (schema: ``models/record.schema.json``)."""
    from models.statistics import compute

    m, tz = rec.meeting, rec.tz

    def t(instant: datetime | None) -> str | None:
        return _iso_local(instant, tz) or None

    speakers = [sp for it in rec.items for sp in it.speakers]
    stats = compute(speakers, None, m.settings.get("categories"))
    return {
        "schema": "floor-record/1",
        "meeting": {
            "id": m.id, "title": m.title, "body": m.body, "mandate": m.mandate, "number": m.meeting_number,
            "date": m.date, "timezone": tz, "scheduled_start": t(m.scheduled_start), "scheduled_end": t(m.scheduled_end),
            "place": m.place, "modality": m.modality, "chair": {"name": m.chair_name, "delegation": m.chair_delegation},
            "secretariat": m.secretariat, "rapporteur": m.rapporteur, "state": m.state.value,
            "record_status": m.record_status, "corrected": bool(rec.revisions),
            "called_to_order_at": t(m.called_to_order_at), "rose_at": t(m.rose_at),
        },
        "revisions": [
            {"at": t(e.at), "by": e.actor, "what": e.summary, "field": e.detail.get("field"),
             "old": e.detail.get("old"), "new": e.detail.get("new")}
            for e in rec.revisions
        ],
        "participants": [
            {"id": p.key, "delegation": p.delegation, "category": p.category, "speaker": p.speaker,
             "on_behalf_of": p.on_behalf_of or None, "org_type": p.org_type or None, "mode": p.mode}
            for p in rec.participants
        ],
        "items": [
            {"number": it.number, "title": it.title, "allotted_s": it.allotted_s, "start": t(it.started_at),
             "end": t(it.ended_at), "notes": it.notes,
             "interventions": [
                 {"order": sp.order, "participant": sp.participant, "delegation": sp.delegation, "category": sp.category,
                  "on_behalf_of": sp.on_behalf_of or None, "mode": sp.mode,
                  "kind": "reply" if sp.reply_number else "statement", "reply_number": sp.reply_number,
                  "status": sp.status, "inscribed_at": t(sp.inscribed_at), "called_at": t(sp.called_at),
                  "start": t(sp.started_at), "end": t(sp.ended_at), "allotted_s": sp.limit_s,
                  "used_s": sp.used_s, "paused_s": sp.paused_s, "overrun_s": sp.overrun_s,
                  "failed_calls": [{"at": t(at), "kind": kind} for at, kind in sp.failed_calls], "notes": sp.notes}
                 for sp in it.speakers
             ],
             "points_of_order": [
                 {"delegation": p.delegation, "subject": p.subject, "ruling": p.ruling, "raised_at": t(p.raised_at),
                  "start": t(p.started_at), "end": t(p.ended_at)}
                 for p in it.points_of_order
             ],
             "suspensions": [{"suspended_at": t(s.suspended_at), "resumed_at": t(s.resumed_at)} for s in it.suspensions]}
            for it in rec.items
        ],
        "statistics": {
            "floor_time_s": stats.total_s, "replies": stats.replies, "reply_s": stats.reply_s,
            "by_category": [vars(r) for r in stats.by_category], "by_mode": [vars(r) for r in stats.by_mode],
        },
        "procedural_log": [
            {"at": t(e.at), "action": e.action, "summary": e.summary, "accepted": e.accepted, "actor": e.actor,
             "undone": e.undone_by is not None, "detail": e.detail}
            for e in rec.log
        ],
    }


def render_json(rec: MinutesRecord) -> str:
    """The record as UTF-8 JSON text (non-ASCII kept as is)."""
    return json.dumps(record_dict(rec), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- one entry point


def export(store: Store, meeting_id: str, fmt: str, path: str | Path, now: datetime,
           template: str | Path | None = None) -> Path:
    """Write one export of a meeting to ``path``, atomically.

    Args:
        fmt: one of :data:`FORMATS`.
        template: for md, html, txt: the secretariat's own Jinja2 template.

    Raises:
        KeyError: no such meeting. ValueError: unknown format.
        models.summary.SummaryRefused: (summary) a tagged note names a participant.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; expected one of: {', '.join(FORMATS)}")
    rec = build_minutes(store, meeting_id, now)
    if fmt in ("md", "html", "txt"):
        return write_atomically(path, render_text(minutes_view(rec), fmt, template))
    if fmt == "docx":
        return write_docx(minutes_view(rec), path)
    if fmt == "csv":
        return write_atomically(path, render_csv(rec), newline="")
    if fmt == "summary":
        from models.summary import build_summary, render_summary_markdown

        settings = rec.meeting.settings
        summary = build_summary(rec, settings.get("topics"), settings.get("summary"))
        return write_atomically(path, render_summary_markdown(summary))
    return write_atomically(path, render_json(rec))
